package io.breedline.embedded;

import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * An S3 server in this JVM: s3proxy 4.x serving a directory (one sub-directory per bucket, one file per object) on a
 * free port of 127.0.0.1, checking AWS v2/v4 signatures against fixed keys.
 *
 * <p>Known differences from AWS S3: s3proxy resolves {@code ./} and {@code ../} segments in object keys (the file
 * system would), so keys containing them are not stored verbatim; everything the AWS SDK v2 does in this project
 * (put, get, head, delete, ListObjectsV2 with continuation tokens, keys with spaces, {@code +} and non-ASCII) works.
 *
 * <p>Logging: s3proxy and its shaded Jetty log through SLF4J (logback-classic arrives as s3proxy's runtime
 * dependency); nothing else is needed at start-up. Set {@code org.gaul} and {@code org.eclipse.jetty} to WARN.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);

    public static final String ACCESS_KEY = "breedline";
    public static final String SECRET_KEY = "breedline-secret";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final URI endpoint;
    private final Path dataDir;
    private S3Client bucketClient;

    private EmbeddedS3(S3Proxy proxy, BlobStore blobStore, URI endpoint, Path dataDir) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
    }

    /** Serves the buckets under {@code dataDir}, creating it if needed; data survives a new start on the same dir. */
    public static EmbeddedS3 start(Path dataDir) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create S3 data directory " + dataDir, e);
        }
        BlobStore blobStore = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                // Port 0: Jetty binds a free port, read back below, so there is no window for a port clash.
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            awaitStarted(proxy);
        } catch (Exception e) {
            stopQuietly(proxy);
            blobStore.close();
            throw new IllegalStateException("s3proxy did not start on " + dataDir + ": " + e.getMessage(), e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        log.info("S3 server ready on {} in {} ms (data in {})", endpoint,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dataDir);
        return new EmbeddedS3(proxy, blobStore, endpoint, dataDir);
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline || "FAILED".equals(proxy.getState())) {
                throw new IllegalStateException("state " + proxy.getState() + " after waiting");
            }
            Thread.sleep(20);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public S3Settings settings() {
        return S3Settings.forEndpoint(endpoint, ACCESS_KEY, SECRET_KEY);
    }

    /** Creates the bucket unless it exists already. */
    public synchronized void createBucket(String bucket) {
        if (bucketClient == null) {
            bucketClient = S3Clients.create(settings());
        }
        try {
            bucketClient.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // Wanted state reached.
        }
    }

    @Override
    public synchronized void close() {
        if (bucketClient != null) {
            bucketClient.close();
            bucketClient = null;
        }
        stopQuietly(proxy);
        blobStore.close();
        log.info("S3 server on {} stopped", endpoint);
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("s3proxy did not stop cleanly: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedS3[" + endpoint + ", " + dataDir + "]";
    }
}
