package io.breedline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The committed JVM heap of a worker, read from its Prometheus endpoint ({@code jvm_memory_committed_bytes} with
 * {@code area="heap"}, summed over the pools). RSS minus this is what lives outside the heap: TensorFlow's native
 * memory, thread stacks, metaspace and the JIT's code. A soak tells a TensorFlow leak from a heap that is still
 * growing toward -Xmx only with both numbers.
 */
final class HeapScrape {
    private static final String METRIC = "jvm_memory_committed_bytes{";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metrics;

    HeapScrape(int port) {
        this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** The committed heap in MiB, or -1 when the endpoint cannot be read (the worker not up yet, or gone). */
    long committedHeapMiB() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? committedHeapMiB(response.body()) : -1;
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static long committedHeapMiB(String prometheusText) {
        double bytes = 0;
        boolean found = false;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(METRIC) && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? Math.round(bytes / (1024 * 1024)) : -1;
    }
}
