package io.breedline.clients.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP server every service runs beside its work: {@code GET /metrics} (Prometheus text format),
 * {@code GET /health/live} and {@code GET /health/ready} (200, or 503 with a short JSON body naming what is wrong).
 * Plain JDK HTTP server: nothing here needs a web framework.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code port} (0: any free port) on every interface. */
    public static OpsServer start(int port, OpsRegistry registry, Health health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics and health on port " + port + " (" + OpsSettings.PORT
                    + "): " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        // Two threads: a slow scrape must not hold up a liveness probe.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "breedline-ops-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, registry.scrape()));
        server.createContext("/health/live", ex -> {
            boolean live = health.live();
            respond(ex, live ? 200 : 503, JSON, "{\"live\":" + live + "}");
        });
        server.createContext("/health/ready", ex -> {
            List<String> problems = health.notReady();
            respond(ex, problems.isEmpty() ? 200 : 503, JSON, readyBody(problems));
        });
        server.start();
        OpsServer ops = new OpsServer(server, executor);
        log.info("Metrics and health on http://0.0.0.0:{}/ (/metrics, /health/live, /health/ready)", ops.port());
        return ops;
    }

    /** Starts a server as {@code settings} say, or none when they turn the endpoints off. */
    public static Optional<OpsServer> startIfEnabled(OpsSettings settings, OpsRegistry registry, Health health) {
        if (!settings.enabled()) {
            log.info("Metrics and health endpoints are off ({}={})", OpsSettings.PORT, OpsSettings.OFF);
            return Optional.empty();
        }
        return Optional.of(start(settings.port().getAsInt(), registry, health));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static String readyBody(List<String> problems) {
        if (problems.isEmpty()) {
            return "{\"ready\":true}";
        }
        return problems.stream().map(OpsServer::jsonString)
                .collect(Collectors.joining(",", "{\"ready\":false,\"notReady\":[", "]}"));
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, ex.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
            if (!ex.getRequestMethod().equals("HEAD")) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
