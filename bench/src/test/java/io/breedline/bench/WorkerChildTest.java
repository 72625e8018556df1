package io.breedline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WorkerChildTest {
    private static final Path WORKER_MANIFEST = Path.of("..", "deploy", "k8s", "worker.yaml");

    // The benchmarks' worker is "the worker as deployed": its JVM must be the one the manifest starts.
    @Test
    void theBenchmarksWorkerRunsTheJvmOptionsOfTheKubernetesWorker() throws IOException {
        JsonNode deployment = new ObjectMapper(new YAMLFactory()).readTree(WORKER_MANIFEST.toFile());
        String options = null;
        for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                options = env.path("value").asText();
            }
        }
        assertThat(options).as("JAVA_TOOL_OPTIONS in %s", WORKER_MANIFEST).isNotNull();
        assertThat(WorkerChild.JVM_OPTIONS).containsExactlyElementsOf(Arrays.asList(options.trim().split("\\s+")));
    }
}
