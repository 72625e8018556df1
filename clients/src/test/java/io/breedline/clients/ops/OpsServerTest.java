package io.breedline.clients.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesMetricsLivenessAndReadiness() throws Exception {
        AtomicBoolean live = new AtomicBoolean(true);
        List<String> problems = new CopyOnWriteArrayList<>(List.of("model: loading"));
        Health health = new Health() {
            @Override
            public boolean live() {
                return live.get();
            }

            @Override
            public List<String> notReady() {
                return List.copyOf(problems);
            }
        };
        try (OpsRegistry registry = new OpsRegistry("test"); OpsServer server = OpsServer.start(0, registry, health)) {
            Counter.builder("breedline.test.things").register(registry.registry()).increment(3);

            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("breedline_test_things_total{service=\"test\"} 3.0")
                    .contains("jvm_memory_used_bytes").contains("process_memory_rss_bytes");

            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(server, "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("{\"ready\":false,\"notReady\":[\"model: loading\"]}");

            problems.clear();
            live.set(false);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void residentMemoryReadsANumberFromMetricsAfterGarbageCollection() throws Exception {
        try (OpsRegistry registry = new OpsRegistry("test"); OpsServer server = OpsServer.start(0, registry, healthy())) {
            for (int i = 0; i < 3; i++) {
                System.gc(); // a gauge whose object was only weakly held reads NaN from here on
            }
            String metrics = get(server, "/metrics").body();
            assertThat(gauge(metrics, "process_memory_rss_bytes")).isGreaterThan(0.0);
            assertThat(gauge(metrics, "process_memory_rss_peak_bytes")).isGreaterThan(0.0);
        }
    }

    private static Health healthy() {
        return new Health() {
            @Override
            public boolean live() {
                return true;
            }

            @Override
            public List<String> notReady() {
                return List.of();
            }
        };
    }

    /** The value of an untyped sample line {@code name{...} value}; fails on NaN or a missing line. */
    static double gauge(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String raw = line.substring(line.lastIndexOf(' ') + 1);
                double v = Double.parseDouble(raw);
                assertThat(v).as(line).isNotNaN();
                return v;
            }
        }
        throw new AssertionError(name + " not in /metrics:\n" + exposition);
    }

    @Test
    void escapesProblemsAsJson() {
        assertThat(OpsServer.readyBody(List.of("db: \"x\"\n"))).isEqualTo("{\"ready\":false,\"notReady\":[\"db: \\\"x\\\"\\n\"]}");
    }

    @Test
    void readsResidentMemoryFromProcStatus(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n");
        ProcessMemoryMetrics metrics = new ProcessMemoryMetrics(status);
        assertThat(metrics.kilobytes("VmRSS:")).isEqualTo(1024.0);
        assertThat(metrics.kilobytes("VmHWM:")).isEqualTo(2048.0);
        assertThat(new ProcessMemoryMetrics(dir.resolve("missing")).kilobytes("VmRSS:")).isNaN();
    }

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
