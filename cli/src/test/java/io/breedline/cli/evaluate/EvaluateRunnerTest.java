package io.breedline.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.service.UserError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad folders are refused with a reason before anything runs (the model here does not exist and is never loaded). */
class EvaluateRunnerTest {
    @TempDir
    Path tmp;

    private UserError evaluate(Path folder) throws Exception {
        Path labels = Files.writeString(tmp.resolve("labels.txt"), "Chihuahua\nFrench bulldog\n");
        EvaluateOptions options = new EvaluateOptions(folder, Optional.of(tmp.resolve("no-model").toString()),
                Optional.of(labels), Optional.empty(), tmp.resolve("out"), false, 0.5, 1, 4, Duration.ofMillis(100),
                Duration.ofSeconds(10), "cpu");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try {
            new EvaluateRunner(options, quiet, quiet).run();
        } catch (UserError e) {
            return e;
        }
        throw new AssertionError("no UserError");
    }

    @Test
    void missingFolder() {
        assertThatThrownBy(() -> { throw evaluate(tmp.resolve("nope")); }).hasMessageContaining("nope: no such folder");
    }

    @Test
    void emptyFolder() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> { throw evaluate(empty); }).hasMessageContaining("has no subfolders")
                .hasMessageContaining("n02085620-Chihuahua");
    }

    @Test
    void noSubfolderNamedAfterALabel() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Files.createDirectories(photos.resolve("cats"));
        Files.createDirectories(photos.resolve("n02123045-tabby"));
        assertThatThrownBy(() -> { throw evaluate(photos); })
                .hasMessageContaining("none of the 2 subfolders").hasMessageContaining("cats, n02123045-tabby")
                .hasMessageContaining("Chihuahua, French bulldog");
    }
}
