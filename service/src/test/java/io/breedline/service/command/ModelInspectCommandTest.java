package io.breedline.service.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code model inspect} on a real Keras file: every layer, Keras' parameter count, and why it cannot be imported. */
class ModelInspectCommandTest {
    @Test
    void listsARealKerasFileAndSaysWhyItCannotBeImported() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ModelCommand());
        cli.setOut(new PrintWriter(out));
        int status = cli.execute("inspect", Path.of("../../shared/keras-samples/batchNormError2.h5").toString());

        assertThat(status).isEqualTo(3);
        assertThat(out.toString())
                .contains("Keras 2 HDF5, keras_version 2.2.4, backend tensorflow")
                .contains("batch_normalization_8", "BatchNormalization", "conv1d_16")
                .contains("expected an image input [N, H, W, 3] float32, found input input_9 [null,25,25] float32")
                .contains("total parameters (as Keras counts them): 16,422");
    }
}
