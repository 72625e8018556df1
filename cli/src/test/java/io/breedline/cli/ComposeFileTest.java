package io.breedline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * There is no Docker engine to run docker-compose.yml here, so this keeps it in step with the code: every
 * BREEDLINE_* key it sets must be read somewhere in the services' main code, and every command it runs must exist.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static JsonNode compose;
    private static String mainSources;

    @BeforeAll
    static void load() throws IOException {
        // YAML merge keys (<<) are resolved by the parser, so each service shows its effective environment.
        compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        try (Stream<Path> files = Files.walk(ROOT)) {
            mainSources = files
                    .filter(p -> p.toString().contains("/src/main/java/") && p.toString().endsWith(".java"))
                    .map(ComposeFileTest::read)
                    .collect(Collectors.joining("\n"));
        }
    }

    @Test
    void everyBreedlineKeyIsReadByTheCode() {
        Set<String> unknown = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.get("services").fields(); it.hasNext(); ) {
            JsonNode env = it.next().getValue().get("environment");
            if (env == null) {
                continue;
            }
            env.fieldNames().forEachRemaining(k -> {
                if (k.startsWith("BREEDLINE_")) {
                    keys.add(k);
                    // Kafka client properties pass through by prefix (KafkaSettings), so any BREEDLINE_KAFKA_ key is read.
                    boolean passThrough = k.startsWith("BREEDLINE_KAFKA_");
                    if (!passThrough && !mainSources.contains("\"" + k + "\"")) {
                        unknown.add(k);
                    }
                }
            });
        }
        assertThat(keys).as("compose sets BREEDLINE_* keys").isNotEmpty();
        assertThat(unknown).as("keys in docker-compose.yml that no service reads").isEmpty();
    }

    @Test
    void everyServiceCommandIsARealBreedlineCommand() {
        CommandLine cli = new CommandLine(new Main());
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.get("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode image = service.getValue().get("image");
            JsonNode command = service.getValue().get("command");
            if (image == null || !image.asText().startsWith("breedline") || command == null) {
                continue;
            }
            String sub = command.get(0).asText();
            assertThat(cli.getSubcommands()).as("service %s runs '%s'", service.getKey(), sub).containsKey(sub);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
