package io.breedline.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.breedline.contracts.ImageRef;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * http(s) sources against a local web server behind {@link FaultyHttpProxy}, which counts connections: a URL outside
 * {@code BREEDLINE_HTTP_ALLOW} must be refused before any connection is made.
 */
class HttpFetcherTest {
    private HttpServer origin;
    private FaultyHttpProxy proxy;
    private HttpServer elsewhere;
    private final AtomicInteger elsewhereHits = new AtomicInteger();
    private String base;

    @BeforeEach
    void start() throws Exception {
        elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", x -> {
            elsewhereHits.incrementAndGet();
            x.sendResponseHeaders(200, 3);
            x.getResponseBody().write(new byte[] {6, 6, 6});
            x.close();
        });
        elsewhere.start();
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/dogs/rex.jpg", x -> {
            x.sendResponseHeaders(200, 4);
            x.getResponseBody().write(new byte[] {1, 2, 3, 4});
            x.close();
        });
        origin.createContext("/dogs/big.jpg", x -> {
            x.sendResponseHeaders(200, 5000);
            x.getResponseBody().write(new byte[5000]);
            x.close();
        });
        origin.createContext("/dogs/endless.jpg", x -> {
            x.sendResponseHeaders(200, 0); // chunked, no Content-Length: the limit must hold while streaming
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 1000; i++) {
                    out.write(new byte[1000]);
                }
            } catch (java.io.IOException e) {
                // the worker hung up, as it should
            }
        });
        origin.createContext("/dogs/moved.jpg", x -> {
            x.getResponseHeaders().add("Location", "/dogs/rex.jpg");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        origin.createContext("/dogs/away.jpg", x -> {
            x.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/metadata");
            x.sendResponseHeaders(301, -1);
            x.close();
        });
        origin.createContext("/dogs/gone.jpg", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        origin.createContext("/dogs/busy.jpg", x -> {
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        origin.start();
        proxy = FaultyHttpProxy.inFrontOf(URI.create("http://127.0.0.1:" + origin.getAddress().getPort()));
        base = "http://127.0.0.1:" + proxy.port();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        origin.stop(0);
        elsewhere.stop(0);
    }

    @Test
    void fetchesAnAllowedUrl() throws Exception {
        assertThat(fetcher().fetch(ref(base + "/dogs/rex.jpg"))).containsExactly(1, 2, 3, 4);
        assertThat(proxy.connections()).isEqualTo(1);
    }

    @Test
    void refusesEverythingOutsideTheAllowListWithoutConnecting() {
        HttpFetcher fetcher = fetcher();
        String[] refused = {
            base + "/cats/tom.jpg",                                   // another path
            base + "/dogsitter/x.jpg",                                // a path that only starts with the characters
            base + "/dogs/../admin",                                  // walks out with ..
            base + "/dogs/%2e%2e/admin",                              // ... or encoded
            "http://localhost:" + proxy.port() + "/dogs/rex.jpg",     // another host name for the same server
            "https://127.0.0.1:" + proxy.port() + "/dogs/rex.jpg",    // another scheme
            "http://user:pw@127.0.0.1:" + proxy.port() + "/dogs/rex.jpg", // user info
            "http://169.254.169.254/latest/meta-data/",               // cloud metadata
        };
        for (String uri : refused) {
            assertThatThrownBy(() -> fetcher.fetch(ref(uri))).as(uri).isInstanceOfSatisfying(FetchException.class, e -> {
                assertThat(e.retriable()).isFalse();
                assertThat(e).hasMessage(uri + ": refused, not under a prefix of BREEDLINE_HTTP_ALLOW=" + base + "/dogs/");
            });
        }
        assertThat(proxy.connections()).as("connections made for refused URLs").isZero();
    }

    @Test
    void noAllowListMeansNoHttpAtAll() {
        HttpFetcher none = new HttpFetcher(HttpAllowList.parse(""), 1000, Duration.ofSeconds(5));
        String uri = base + "/dogs/rex.jpg";
        assertThatThrownBy(() -> none.fetch(ref(uri))).hasMessage(uri + ": unsupported source, this worker fetches no "
                + "http(s) URLs (BREEDLINE_HTTP_ALLOW is empty); it reads s3://bucket/key URIs and absolute local file paths");
        assertThat(proxy.connections()).isZero();
    }

    @Test
    void followsRedirectsOnlyInsideTheAllowList() throws Exception {
        assertThat(fetcher().fetch(ref(base + "/dogs/moved.jpg"))).containsExactly(1, 2, 3, 4);
        String away = base + "/dogs/away.jpg";
        assertThatThrownBy(() -> fetcher().fetch(ref(away))).hasMessage(away + ": refused (redirected to http://127.0.0.1:"
                + elsewhere.getAddress().getPort() + "/metadata), not under a prefix of BREEDLINE_HTTP_ALLOW=" + base + "/dogs/");
        assertThat(elsewhereHits).as("requests to the redirect's target").hasValue(0);
    }

    @Test
    void enforcesTheByteLimitFromTheHeaderAndWhileStreaming() {
        String big = base + "/dogs/big.jpg";
        assertThatThrownBy(() -> fetcher().fetch(ref(big)))
                .hasMessage(big + ": refused, 5000 bytes is more than the limit of 1000 (BREEDLINE_MAX_IMAGE_BYTES)");
        String endless = base + "/dogs/endless.jpg";
        assertThatThrownBy(() -> fetcher().fetch(ref(endless)))
                .hasMessageStartingWith(endless + ": refused, ").hasMessageContaining(" or more is more than the limit of 1000");
    }

    @Test
    void saysWhatTheServerAnswered() {
        assertThatThrownBy(() -> fetcher().fetch(ref(base + "/dogs/gone.jpg")))
                .hasMessage(base + "/dogs/gone.jpg: no such image (HTTP 404)");
        assertThatThrownBy(() -> fetcher().fetch(ref(base + "/dogs/busy.jpg"))).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.retriable()).isTrue()).hasMessageContaining("failed transiently (HTTP 503); retry later");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        proxy.failAlways("/dogs/stuck.jpg", FaultyHttpProxy.stall(Duration.ofSeconds(30)));
        HttpFetcher quick = new HttpFetcher(HttpAllowList.parse(base + "/dogs/"), 1000, Duration.ofMillis(500));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> quick.fetch(ref(base + "/dogs/stuck.jpg"))).isInstanceOfSatisfying(FetchException.class,
                e -> assertThat(e.retriable()).isTrue())
                .hasMessage(base + "/dogs/stuck.jpg: no complete answer within 500 ms (BREEDLINE_HTTP_TIMEOUT); retry later");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void allowListEntriesMustBeHttpUrls() {
        assertThatThrownBy(() -> HttpAllowList.parse("ftp://x/")).hasMessageContaining("not an absolute http:// or https:// URL");
        assertThatThrownBy(() -> HttpAllowList.parse("images.example.com")).hasMessageContaining("not an absolute http");
        HttpAllowList list = HttpAllowList.parse("https://Images.Example.com, http://h:8080/a/b/");
        assertThat(list.allows(URI.create("https://images.example.com/x.jpg"))).isTrue();
        assertThat(list.allows(URI.create("https://images.example.com.evil.net/x.jpg"))).isFalse();
        assertThat(list.allows(URI.create("https://images.example.com:444/x.jpg"))).isFalse();
        assertThat(list.allows(URI.create("http://h:8080/a/b/c.jpg"))).isTrue();
        assertThat(list.allows(URI.create("http://h:8080/a/bc.jpg"))).isFalse();
        assertThat(list.allows(URI.create("http://h/a/b/c.jpg"))).isFalse();
    }

    private HttpFetcher fetcher() {
        return new HttpFetcher(HttpAllowList.parse(base + "/dogs/"), 1000, Duration.ofSeconds(5));
    }

    private static ImageRef ref(String uri) {
        return ImageRef.of(uri, null, null, null, "job-http", Instant.EPOCH);
    }
}
