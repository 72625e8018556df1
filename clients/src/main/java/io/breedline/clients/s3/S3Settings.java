package io.breedline.clients.s3;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach S3 or an S3-compatible server (MinIO, s3proxy).
 *
 * <p>Credentials come from the AWS default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles,
 * instance roles) unless {@link #staticCredentials()} is set, which only embedded servers and tests do.
 *
 * @param endpoint custom endpoint ({@code BREEDLINE_S3_ENDPOINT}), empty for AWS
 * @param region {@code BREEDLINE_S3_REGION}, else {@code AWS_REGION}, else us-east-1
 * @param pathStyle path-style addressing ({@code BREEDLINE_S3_PATH_STYLE}); defaults to true with a custom endpoint
 * @param maxConnections HTTP connection pool size ({@code BREEDLINE_S3_MAX_CONNECTIONS})
 * @param apiCallTimeout bound on one call including retries ({@code BREEDLINE_S3_API_CALL_TIMEOUT})
 * @param staticCredentials keys given in code (embedded servers, tests), else the AWS default chain
 * @param maxAttempts attempts per call, the first included ({@code BREEDLINE_S3_MAX_ATTEMPTS}); transient failures
 *     (5xx, throttling, timeouts, broken connections) are retried with full-jitter exponential backoff
 * @param apiCallAttemptTimeout bound on one attempt ({@code BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT}), so a hung
 *     connection is abandoned and retried instead of holding a thread for the whole call timeout. It bounds a
 *     whole download read inside the call (an image, a model archive), so it must fit the largest of those
 */
public record S3Settings(
        Optional<URI> endpoint,
        String region,
        boolean pathStyle,
        int maxConnections,
        Duration apiCallTimeout,
        Optional<StaticCredentials> staticCredentials,
        int maxAttempts,
        Duration apiCallAttemptTimeout) {

    public static final String ENDPOINT = "BREEDLINE_S3_ENDPOINT";
    public static final String REGION = "BREEDLINE_S3_REGION";
    public static final String PATH_STYLE = "BREEDLINE_S3_PATH_STYLE";
    public static final String MAX_CONNECTIONS = "BREEDLINE_S3_MAX_CONNECTIONS";
    public static final String API_CALL_TIMEOUT = "BREEDLINE_S3_API_CALL_TIMEOUT";
    public static final String MAX_ATTEMPTS = "BREEDLINE_S3_MAX_ATTEMPTS";
    public static final String API_CALL_ATTEMPT_TIMEOUT = "BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT";
    public static final String REGION_DEFAULT = "us-east-1";
    public static final Duration API_CALL_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
    public static final int MAX_ATTEMPTS_DEFAULT = 4;
    public static final Duration API_CALL_ATTEMPT_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS_LIMIT = 20;

    /** Keys given in code (embedded servers, tests). Never printed. */
    public record StaticCredentials(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "StaticCredentials[****]";
        }
    }

    public S3Settings {
        if (region == null || region.isBlank()) {
            throw new ConfigException(REGION, region, "must not be empty");
        }
        if (maxConnections < 1) {
            throw new ConfigException(MAX_CONNECTIONS, String.valueOf(maxConnections), "must be at least 1");
        }
        staticCredentials = staticCredentials == null ? Optional.empty() : staticCredentials;
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new ConfigException(MAX_ATTEMPTS, String.valueOf(maxAttempts), "must be between 1 and " + MAX_ATTEMPTS_LIMIT);
        }
        positive(API_CALL_TIMEOUT, apiCallTimeout);
        positive(API_CALL_ATTEMPT_TIMEOUT, apiCallAttemptTimeout);
    }

    /** Without retry settings: {@value #MAX_ATTEMPTS_DEFAULT} attempts of at most 30 s each. */
    public S3Settings(Optional<URI> endpoint, String region, boolean pathStyle, int maxConnections,
            Duration apiCallTimeout, Optional<StaticCredentials> staticCredentials) {
        this(endpoint, region, pathStyle, maxConnections, apiCallTimeout, staticCredentials, MAX_ATTEMPTS_DEFAULT,
                API_CALL_ATTEMPT_TIMEOUT_DEFAULT);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigException(name, String.valueOf(d), "must be positive");
        }
    }

    public static S3Settings from(Settings s) {
        Optional<URI> endpoint = s.optional(ENDPOINT).map(v -> {
            try {
                URI u = URI.create(v);
                if (u.getScheme() == null || u.getHost() == null) {
                    throw new ConfigException(ENDPOINT, v, "must be an absolute http(s) URL");
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ENDPOINT, v, "is not a URL");
            }
        });
        String region = s.optional(REGION).or(() -> s.optional("AWS_REGION")).orElse(REGION_DEFAULT);
        return new S3Settings(
                endpoint,
                region,
                s.bool(PATH_STYLE, endpoint.isPresent()),
                s.integer(MAX_CONNECTIONS, 64, 1, 4096),
                s.duration(API_CALL_TIMEOUT, API_CALL_TIMEOUT_DEFAULT),
                Optional.empty(),
                s.integer(MAX_ATTEMPTS, MAX_ATTEMPTS_DEFAULT, 1, MAX_ATTEMPTS_LIMIT),
                s.duration(API_CALL_ATTEMPT_TIMEOUT, API_CALL_ATTEMPT_TIMEOUT_DEFAULT));
    }

    /** The same settings reaching another endpoint (a test's fault-injecting proxy, say). */
    public S3Settings withEndpoint(URI endpoint) {
        return new S3Settings(Optional.of(endpoint), region, pathStyle, maxConnections, apiCallTimeout,
                staticCredentials, maxAttempts, apiCallAttemptTimeout);
    }

    /** The same settings with other retry bounds. */
    public S3Settings withRetries(int maxAttempts, Duration apiCallAttemptTimeout, Duration apiCallTimeout) {
        return new S3Settings(endpoint, region, pathStyle, maxConnections, apiCallTimeout, staticCredentials,
                maxAttempts, apiCallAttemptTimeout);
    }

    /** Settings for an S3-compatible server on a known endpoint with known keys (embedded servers, tests). */
    public static S3Settings forEndpoint(URI endpoint, String accessKeyId, String secretAccessKey) {
        return new S3Settings(Optional.of(endpoint), REGION_DEFAULT, true, 64, API_CALL_TIMEOUT_DEFAULT,
                Optional.of(new StaticCredentials(accessKeyId, secretAccessKey)));
    }
}
