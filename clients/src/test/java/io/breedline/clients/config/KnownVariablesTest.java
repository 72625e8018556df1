package io.breedline.clients.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KnownVariablesTest {
    @Test
    void aMisspeltVariableIsRefusedWithTheClosestKnownName() {
        assertThatThrownBy(() -> KnownVariables.check(Map.of("BREEDLINE_MAX_BATCHSIZE", "8", "BREEDLINE_MODEL", "m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BREEDLINE_MAX_BATCHSIZE is not a Breedline setting (the closest is "
                        + "BREEDLINE_MAX_BATCH_SIZE)");
        assertThatThrownBy(() -> KnownVariables.check(Map.of("BREEDLINE_SINK_JDBC_PASWORD", "secret")))
                .hasMessageContaining("BREEDLINE_SINK_JDBC_PASSWORD").hasMessageNotContaining("secret");
    }

    @Test
    void knownNamesOpenFamiliesAndOtherVariablesPass() {
        KnownVariables.check(Map.of("BREEDLINE_MAX_BATCH_SIZE", "8", "BREEDLINE_KAFKA_SECURITY_PROTOCOL", "SSL",
                "BREEDLINE_KAFKA_SASL_JAAS_CONFIG", "x", "PATH", "/bin", "BREEDLINEX", "y"));
    }

    /** Every BREEDLINE_* name in the modules' main sources is in the catalogue, so a new variable cannot be refused. */
    @Test
    void theCatalogueHasEveryVariableTheSourcesRead() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Pattern name = Pattern.compile("\"(BREEDLINE_[A-Z0-9_]*[A-Z0-9])\"");
        Set<String> missing = new TreeSet<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/")).toList()) {
                files++;
                Matcher m = name.matcher(Files.readString(p));
                while (m.find()) {
                    if (!KnownVariables.known(m.group(1)) && !m.group(1).endsWith("_")) {
                        missing.add(m.group(1) + " (" + root.relativize(p) + ")");
                    }
                }
            }
        }
        assertThat(files).as("main sources found under " + root).isGreaterThan(100);
        assertThat(missing).as("add these to KnownVariables.NAMES").isEmpty();
    }
}
