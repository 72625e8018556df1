package io.breedline.clients.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds S3 clients from {@link S3Settings}. */
public final class S3Clients {
    private static final Duration SOCKET_READ_TIMEOUT_MAX = Duration.ofSeconds(10);

    private S3Clients() {}

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static S3Client create(S3Settings settings) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(settings.maxConnections())
                        // No byte for this long: the connection is dead (a stalled server), whatever the attempt timeout.
                        .socketTimeout(min(settings.apiCallAttemptTimeout(), SOCKET_READ_TIMEOUT_MAX)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retryStrategy(settings))
                        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                        .apiCallTimeout(settings.apiCallTimeout())
                        .build());
        settings.endpoint().ifPresent(b::endpointOverride);
        return b.build();
    }

    /**
     * The SDK's standard strategy, explicitly: retries 5xx, throttling (503 SlowDown, 429), timeouts and broken
     * connections, waiting a random time in [0, min(20 s, base x 2^attempt)] (full jitter; base 100 ms, 1 s when
     * throttled), so many clients failing together do not retry in lockstep. Its retry quota (circuit breaker) stays
     * on: during an outage the client soon stops retrying at all instead of multiplying the load.
     */
    static RetryStrategy retryStrategy(S3Settings settings) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        return settings.staticCredentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }
}
