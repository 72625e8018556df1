package io.breedline.web;

import static io.breedline.web.WebApiIT.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.testkit.TestImages;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input against a running server: cross-site requests, foreign hosts, paths for ids, missing tokens. */
class SafetyIT {
    static final String TOKEN = "a-token-of-more-than-16-characters";

    @TempDir
    Path dir;

    @Test
    void stateChangingRequestsNeedTheCsrfValueAndTheirOwnOrigin() throws Exception {
        try (WebHarness web = new WebHarness(dir, Map.of())) {
            Http http = new Http(web.url(""));
            byte[] photo = TestImages.jpeg(32, 32, Color.RED);
            assertRefused(http.upload("a.jpg", photo, Map.of()), 403, "X-Breedline-Csrf");
            assertRefused(http.upload("a.jpg", photo, Map.of("X-Breedline-Csrf", "guessed")), 403, "X-Breedline-Csrf");
            assertRefused(http.upload("a.jpg", photo, Map.of("X-Breedline-Csrf", http.csrf(), "Origin", "http://evil.example")),
                    403, "cross-site");
            assertRefused(http.send(HttpRequest.newBuilder(URI.create(web.url("/api/images/0123456789abcdef0123456789abcdef/review")))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"not-a-dog\"}")),
                    Map.of("Content-Type", "application/json")), 403, "X-Breedline-Csrf");
            try (Connection c = Rows.connect(web.jdbcUrl, null, null)) {
                assertThat(c.createStatement().executeQuery("SELECT COUNT(*) FROM reviews").getLong(1)).isZero();
            }
            assertThat(Files.exists(dir.resolve("uploads"))).isFalse();
        }
    }

    @Test
    void aLoopbackServerAnswersOnlyForLocalHostNames() throws Exception {
        try (WebHarness web = new WebHarness(dir, Map.of())) {
            // DNS rebinding: a page on evil.example, its name pointed at 127.0.0.1, still sends its own name as Host.
            assertThat(rawGet(web.app.port(), "evil.example")).startsWith("HTTP/1.1 403").contains("localhost only");
            assertThat(rawGet(web.app.port(), "localhost:" + web.app.port())).startsWith("HTTP/1.1 200");
        }
    }

    /** A GET with a chosen Host header (Java's HTTP client will not set one). */
    private static String rawGet(int port, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /api/jobs HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void imagesAreAddressedByIdOnlyAndReadOnlyUnderTheFileRoots() throws Exception {
        try (WebHarness web = new WebHarness(dir, Map.of())) {
            Http http = new Http(web.url(""));
            for (String path : new String[] {"/api/images/..%2F..%2Fetc%2Fpasswd/thumbnail", "/api/images/etc/passwd",
                    "/api/images/file:%2F%2F%2Fetc%2Fpasswd/model-input", "/api/images/s3:%2F%2Fbucket%2Fkey"}) {
                assertRefused(http.get(path), 400, "image id");
            }
            // A result row whose file lies outside the roots (a database someone edited): refused by the fetcher.
            Path outside = TestImages.writeJpeg(Files.createDirectories(dir.resolve("elsewhere")), "secret.jpg", 50, 50, Color.BLUE);
            String id = "00000000000000000000000000000001";
            try (Connection c = Rows.connect(web.jdbcUrl, null, null)) {
                Rows.prediction(c, id, outside.toString(), "job-x", "Pug", 0.9, "Boxer", 0.05, false);
            }
            Http.Response r = http.get("/api/images/" + id + "/thumbnail");
            assertRefused(r, 422, "no thumbnail");
            assertRefused(http.get("/api/images/" + id + "/model-input"), 422, "no model input");
        }
    }

    @Test
    void boundBeyondLoopbackTheServerRefusesToStartWithoutAToken() {
        assertThatThrownBy(() -> WebConfig.from(Settings.of(Map.of(WebConfig.BIND, "0.0.0.0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(WebConfig.TOKEN);
        assertThatThrownBy(() -> WebConfig.from(Settings.of(Map.of(WebConfig.BIND, "0.0.0.0", WebConfig.TOKEN, "short"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("16");
        assertThat(WebConfig.from(Settings.of(Map.of(WebConfig.BIND, "0.0.0.0", WebConfig.TOKEN, TOKEN))).loopbackOnly())
                .isFalse();
    }

    @Test
    void withATokenEveryRequestNeedsIt() throws Exception {
        try (WebHarness web = new WebHarness(dir, Map.of(WebConfig.TOKEN, TOKEN))) {
            Http http = new Http(web.url(""));
            assertRefused(http.get("/api/jobs"), 401, "token");
            assertRefused(http.get("/api/reports"), 401, "token");
            assertRefused(http.get("/reports/0123456789abcdef/report.html"), 401, "token");
            assertRefused(http.get("/api/jobs", Map.of("Authorization", "Bearer wrong-token-wrong-token")), 401, "token");
            assertThat(http.get("/api/jobs", Map.of("Authorization", "Bearer " + TOKEN)).status()).isEqualTo(200);
            // A browser signs in once with ?token= and keeps an HttpOnly, SameSite=Strict cookie.
            var login = http.send(HttpRequest.newBuilder(URI.create(web.url("/?token=" + TOKEN))).GET(), Map.of());
            assertThat(login.status()).isEqualTo(303);
            assertThat(http.get("/api/jobs", Map.of("Cookie", "breedline_token=" + TOKEN)).status()).isEqualTo(200);
            // A script with the bearer token needs no CSRF value: browsers never add that header on their own.
            Http.Response upload = http.upload("b.jpg", TestImages.jpeg(32, 32, Color.GREEN), Map.of("Authorization", "Bearer " + TOKEN));
            assertThat(upload.status()).as(upload.text()).isEqualTo(200);
        }
    }
}
