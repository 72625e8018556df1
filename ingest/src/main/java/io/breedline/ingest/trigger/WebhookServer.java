package io.breedline.ingest.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.breedline.ingest.notify.NotificationTranslator;
import io.breedline.ingest.notify.Translation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook endpoint: MinIO {@code notify_webhook} POSTs and SNS HTTP(S) subscriptions (the
 * {@code SubscriptionConfirmation} handshake, then {@code Notification}s). A notification is answered 200 only once
 * Kafka has acknowledged its references (or its dead letter), 503 otherwise, so the sender retries.
 *
 * <p>A body that is an SNS message (a {@code Type} field, or the {@code x-amz-sns-message-type} header) must carry a
 * valid SNS signature unless verification is off. The token ({@code BREEDLINE_TRIGGER_TOKEN}) guards the rest: SNS
 * sends it as the Basic-auth password of {@code https://user:TOKEN@host/}, MinIO as its {@code auth_token}.
 */
final class WebhookServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // SNS messages are at most 256 KiB; an S3 event with many records stays far below this.
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AckingPublisher publisher;
    private final NotificationTranslator translator;
    private final TokenCheck token;
    private final HostAllowList snsHosts;
    private final SubscriptionConfirmer confirmer;
    private final SnsSignatureVerifier signatures;

    /** @param signatures null: SNS signatures are not checked */
    WebhookServer(InetSocketAddress address, AckingPublisher publisher, NotificationTranslator translator,
                  TokenCheck token, HostAllowList snsHosts, SubscriptionConfirmer confirmer,
                  SnsSignatureVerifier signatures) throws IOException {
        this.signatures = signatures;
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.translator = Objects.requireNonNull(translator, "translator");
        this.token = Objects.requireNonNull(token, "token");
        this.snsHosts = Objects.requireNonNull(snsHosts, "snsHosts");
        this.confirmer = Objects.requireNonNull(confirmer, "confirmer");
        this.server = HttpServer.create(address, 0);
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "trigger-webhook");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
        log.info("trigger webhook listening on port {}{}", port(), token.required() ? " (token required)" : "");
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (method.equals("GET") || method.equals("HEAD")) {
                // MinIO probes the endpoint when the target is configured; anything that answers counts as up.
                respond(exchange, 200, "ok");
                return;
            }
            if (!method.equals("POST")) {
                respond(exchange, 405, "POST notifications here");
                return;
            }
            if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestURI().getRawQuery())) {
                log.warn("webhook request from {} refused: missing or wrong token", exchange.getRemoteAddress());
                respond(exchange, 401, "missing or wrong token");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                respond(exchange, 413, "notification larger than " + MAX_BODY_BYTES + " bytes");
                return;
            }
            JsonNode sns = snsMessage(body, exchange.getRequestHeaders().getFirst("x-amz-sns-message-type"));
            if (sns != null && signatures != null) {
                try {
                    signatures.verify(sns);
                } catch (GeneralSecurityException e) {
                    log.warn("webhook refused an SNS message from {}: {}", exchange.getRemoteAddress(), e.getMessage());
                    respond(exchange, 403, "SNS signature check failed: " + e.getMessage());
                    return;
                }
            }
            if (sns != null && "SubscriptionConfirmation".equals(sns.path("Type").asText())) {
                confirmSubscription(exchange, sns);
                return;
            }
            Translation t = translator.translate("http", UUID.randomUUID().toString(), body);
            try {
                publisher.publish(t, ACK_TIMEOUT);
            } catch (AckingPublisher.PublishException e) {
                log.warn("webhook notification not published, answering 503 so the sender retries: {}", e.getMessage());
                respond(exchange, 503, "could not publish to Kafka, retry later");
                return;
            }
            respond(exchange, 200, "references " + t.references().size() + ", dead letters " + t.deadLetters().size()
                    + ", skipped " + t.skipped());
        } catch (RuntimeException e) {
            log.error("webhook request failed", e);
            respond(exchange, 500, "internal error");
        }
    }

    /**
     * The body as an SNS message when it is one (its header says so, or it is a JSON object with a {@code Type} and no
     * {@code Records}), else null. A malformed SNS-typed body is null too: the translator dead-letters it.
     */
    private static JsonNode snsMessage(byte[] body, String typeHeader) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root != null && root.isObject() && root.path("Type").isTextual() && !root.has("Records")) {
                return root;
            }
            if (typeHeader != null && root != null && root.isObject()) {
                return root;
            }
        } catch (IOException e) {
            // Not JSON: the translator dead-letters it with its raw body.
        }
        return null;
    }

    private void confirmSubscription(HttpExchange exchange, JsonNode root) throws IOException {
        URI url;
        String topicArn = root.path("TopicArn").asText("?");
        try {
            url = URI.create(root.path("SubscribeURL").asText(""));
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, "not an SNS SubscriptionConfirmation: SubscribeURL is not a URL");
            return;
        }
        if (!snsHosts.allows(url)) {
            log.warn("refusing to confirm an SNS subscription: SubscribeURL host '{}' is not https on an allowed host ({})",
                    url.getHost(), snsHosts);
            respond(exchange, 403, "SubscribeURL is not an allowed SNS host");
            return;
        }
        try {
            int status = confirmer.confirm(url);
            if (status / 100 != 2) {
                respond(exchange, 502, "SNS answered " + status + " to the confirmation");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "interrupted");
            return;
        } catch (IOException e) {
            respond(exchange, 502, "cannot reach SNS: " + e.getMessage());
            return;
        }
        log.info("confirmed the SNS subscription to {}", topicArn);
        respond(exchange, 200, "subscription confirmed");
    }

    /** The body, or null when it is larger than the limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_BODY_BYTES) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        // Requests in progress get a moment to finish their Kafka wait and answer.
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
