package io.breedline.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.ImageRef;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 fetcher against a real S3 server behind {@link FaultyHttpProxy}: transient failures (503, connection resets,
 * stalls) are retried by the client's strategy with backoff, within {@value #ATTEMPTS} attempts; after them the
 * failure is reported as retriable, in words. Permanent ones (403, too large) are not retried.
 */
class S3FetcherRetryIT {
    private static final Logger log = LoggerFactory.getLogger(S3FetcherRetryIT.class);
    private static final int ATTEMPTS = 4;
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(700);

    private FaultyHttpProxy proxy;
    private S3Client client;
    private S3Fetcher fetcher;
    private String bucket;
    private final byte[] photo = new byte[3000];

    @BeforeEach
    void start() throws Exception {
        S3Server s3 = TestServers.s3();
        bucket = Names.unique("flaky");
        s3.createBucket(bucket);
        new Random(7).nextBytes(photo);
        for (String key : new String[] {"a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg", "g.jpg", "h.jpg", "i.jpg", "big.jpg"}) {
            s3.client().putObject(b -> b.bucket(bucket).key("dogs/" + key),
                    RequestBody.fromBytes(key.equals("big.jpg") ? new byte[5000] : photo));
        }
        proxy = FaultyHttpProxy.inFrontOf(s3.settings().endpoint().orElseThrow());
        S3Settings settings = s3.settings().withEndpoint(proxy.endpoint())
                .withRetries(ATTEMPTS, ATTEMPT_TIMEOUT, Duration.ofSeconds(30));
        client = S3Clients.create(settings);
        fetcher = new S3Fetcher(client, 4000);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        proxy.close();
    }

    @Test
    void aKeyThatFailsTwiceThenWorksIsFetched() throws Exception {
        proxy.fail("/dogs/a.jpg", 2, FaultyHttpProxy.status(503, "SlowDown", "Please reduce your request rate."));
        proxy.fail("/dogs/b.jpg", 2, FaultyHttpProxy.reset());
        proxy.fail("/dogs/c.jpg", 1, FaultyHttpProxy.stall(Duration.ofSeconds(10)));
        for (String key : new String[] {"a.jpg", "b.jpg", "c.jpg"}) {
            long t0 = System.nanoTime();
            assertThat(fetcher.fetch(ref(key))).as(key).isEqualTo(photo);
            log.info("{}: fetched after {} requests in {} ms", key, proxy.requests("/dogs/" + key), millisSince(t0));
        }
        assertThat(proxy.requests("/dogs/a.jpg")).isEqualTo(3);
        assertThat(proxy.requests("/dogs/b.jpg")).isEqualTo(3);
        assertThat(proxy.requests("/dogs/c.jpg")).isEqualTo(2);
    }

    @Test
    void aBodyThatBreaksOffOrStallsHalfwayIsRetriedToo() throws Exception {
        // The status line and headers arrive, then part of the body: the read fails inside the SDK call.
        proxy.fail("/dogs/h.jpg", 1, FaultyHttpProxy.cutBody(1000, Duration.ZERO));
        proxy.fail("/dogs/i.jpg", 1, FaultyHttpProxy.cutBody(1000, Duration.ofSeconds(10)));
        for (String key : new String[] {"h.jpg", "i.jpg"}) {
            long t0 = System.nanoTime();
            assertThat(fetcher.fetch(ref(key))).as(key).isEqualTo(photo);
            log.info("{}: fetched after a broken body in {} requests, {} ms", key, proxy.requests("/dogs/" + key), millisSince(t0));
            assertThat(proxy.requests("/dogs/" + key)).as(key).isEqualTo(2);
        }
    }

    @Test
    void aKeyThatAlwaysFailsIsARetriableFailureAfterTheLastAttempt() {
        proxy.failAlways("/dogs/d.jpg", FaultyHttpProxy.status(503, "SlowDown", "Please reduce your request rate."));
        proxy.failAlways("/dogs/e.jpg", FaultyHttpProxy.reset());
        proxy.failAlways("/dogs/f.jpg", FaultyHttpProxy.stall(Duration.ofSeconds(30)));
        assertTransient("d.jpg", "(HTTP 503 SlowDown: Please reduce your request rate.); retry later");
        assertTransient("e.jpg", "(SocketException: Connection reset); retry later");
        assertTransient("f.jpg", "(every attempt timed out (BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT)); retry later");
    }

    @Test
    void permanentFailuresAreNotRetried() {
        proxy.failAlways("/dogs/g.jpg", FaultyHttpProxy.status(403, "AccessDenied", "Access Denied"));
        String uri = "s3://" + bucket + "/dogs/g.jpg";
        assertThatThrownBy(() -> fetcher.fetch(ref("g.jpg"))).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retriable()).isFalse();
            assertThat(e).hasMessage(uri + ": access denied (AccessDenied); check the worker's S3 credentials and the bucket's policy");
        });
        assertThat(proxy.requests("/dogs/g.jpg")).isEqualTo(1);

        assertThatThrownBy(() -> fetcher.fetch(ref("big.jpg"))).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retriable()).isFalse();
            assertThat(e).hasMessage("s3://" + bucket + "/dogs/big.jpg: refused, 5000 bytes is more than the limit of 4000 "
                    + "(BREEDLINE_MAX_IMAGE_BYTES)");
        });
        assertThat(proxy.requests("/dogs/big.jpg")).isEqualTo(1);
    }

    private void assertTransient(String key, String reasonEnd) {
        String uri = "s3://" + bucket + "/dogs/" + key;
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> fetcher.fetch(ref(key))).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retriable()).as(key).isTrue();
            assertThat(e).hasMessage(uri + ": the object store failed transiently after " + ATTEMPTS + " attempts " + reasonEnd);
        });
        long ms = millisSince(t0);
        log.info("{}: gave up after {} requests in {} ms", key, proxy.requests("/dogs/" + key), ms);
        assertThat(proxy.requests("/dogs/" + key)).as("requests for %s", key).isEqualTo(ATTEMPTS);
        // Backoff waits at most 1 + 2 + 4 s (throttled) between attempts, plus the attempts themselves.
        assertThat(ms).as("time to give up on %s", key).isLessThan(7_000 + ATTEMPTS * ATTEMPT_TIMEOUT.toMillis() + 2_000);
    }

    private ImageRef ref(String key) {
        return ImageRef.of("s3://" + bucket + "/dogs/" + key, null, null, null, "job-retry", Instant.EPOCH);
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
