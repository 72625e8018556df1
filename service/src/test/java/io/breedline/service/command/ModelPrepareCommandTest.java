package io.breedline.service.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelPrepareCommandTest {
    @TempDir
    Path tmp;

    @Test
    void anArchiveIsPreparedIntoTheCacheOnceAndItsDirectoryPrinted() throws Exception {
        Path zip = tmp.resolve("dogs.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("dogs/saved_model.pb"));
            out.write("graph".getBytes());
            out.putNextEntry(new ZipEntry("dogs/variables/variables.index"));
            out.write("index".getBytes());
        }
        Path cache = tmp.resolve("cache");

        StringWriter first = new StringWriter();
        assertThat(run(first, zip.toString(), "--cache-dir", cache.toString())).isZero();
        Path entry;
        try (Stream<Path> entries = Files.list(cache.resolve("models"))) {
            entry = entries.findFirst().orElseThrow();
        }
        assertThat(first.toString()).contains("directory: " + entry.resolve("dogs"), "name: dogs",
                "version: sha256:");
        assertThat(entry.resolve("dogs/saved_model.pb")).hasContent("graph");

        StringWriter second = new StringWriter();
        assertThat(run(second, zip.toString(), "--cache-dir", cache.toString())).isZero();
        assertThat(second.toString()).isEqualTo(first.toString());
        try (Stream<Path> entries = Files.list(cache.resolve("models"))) {
            assertThat(entries.toList()).containsExactly(entry);
        }
    }

    @Test
    void somethingThatIsNotAModelIsABadInputError() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ModelPrepareCommand())
                .setErr(new PrintWriter(err))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(e.getMessage());
                    return 2;
                });
        assertThat(cli.execute(text.toString(), "--cache-dir", tmp.resolve("cache").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("BREEDLINE_MODEL=" + text + " is not a SavedModel");
    }

    private static int run(StringWriter out, String... args) {
        return new CommandLine(new ModelPrepareCommand()).setOut(new PrintWriter(out)).execute(args);
    }
}
