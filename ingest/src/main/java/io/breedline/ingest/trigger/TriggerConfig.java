package io.breedline.ingest.trigger;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.contracts.Lane;
import io.breedline.ingest.IngestConfig;
import io.breedline.ingest.JobIds;
import io.breedline.ingest.notify.EventFilter;
import io.breedline.ingest.source.ImageExtensions;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The trigger's configuration: which notification sources run (each one that is configured), how events are filtered,
 * and the ingest settings it shares with a backfill (Kafka, topics, job id).
 *
 * @param ingest Kafka, topics and job id, as for a backfill
 * @param instanceId {@code BREEDLINE_TRIGGER_INSTANCE_ID}: unique per process; names the transactional producer
 * @param filter {@code BREEDLINE_TRIGGER_PREFIX} and {@code BREEDLINE_TRIGGER_SUFFIXES}
 * @param kafkaTopic {@code BREEDLINE_TRIGGER_KAFKA_TOPIC}: the topic MinIO's {@code notify_kafka} writes to
 * @param groupId {@code BREEDLINE_TRIGGER_GROUP_ID}: the consumer group of that topic
 * @param sqsQueueUrl {@code BREEDLINE_TRIGGER_SQS_QUEUE_URL}: the queue S3 (or SNS) sends notifications to
 * @param sqsEndpoint {@code BREEDLINE_TRIGGER_SQS_ENDPOINT}: a non-AWS SQS endpoint (ElasticMQ, LocalStack)
 * @param sqsRegion {@code BREEDLINE_TRIGGER_SQS_REGION}
 * @param sqsWait {@code BREEDLINE_TRIGGER_SQS_WAIT}: long-poll time of one ReceiveMessage, 1s to 20s
 * @param sqsVisibilityTimeout {@code BREEDLINE_TRIGGER_SQS_VISIBILITY_TIMEOUT}: how long a received message stays
 *     hidden; a message not deleted by then (its references could not be published) is delivered again
 * @param httpPort {@code BREEDLINE_TRIGGER_HTTP_PORT}: the webhook port (0: any free port)
 * @param httpBind {@code BREEDLINE_TRIGGER_HTTP_BIND}: the webhook's listen address
 * @param token {@code BREEDLINE_TRIGGER_TOKEN}: when set, webhook requests must carry it
 * @param snsHosts {@code BREEDLINE_TRIGGER_SNS_HOSTS}: hosts a SubscribeURL or SigningCertURL may point to
 * @param snsVerify {@code BREEDLINE_TRIGGER_SNS_VERIFY}: whether SNS messages on the webhook must be signed by SNS
 */
public record TriggerConfig(
        IngestConfig ingest,
        String instanceId,
        EventFilter filter,
        Optional<String> kafkaTopic,
        String groupId,
        Optional<String> sqsQueueUrl,
        Optional<URI> sqsEndpoint,
        String sqsRegion,
        Duration sqsWait,
        Duration sqsVisibilityTimeout,
        Optional<Integer> httpPort,
        String httpBind,
        Optional<String> token,
        HostAllowList snsHosts,
        boolean snsVerify) {

    public static final String MODE = "BREEDLINE_INGEST_MODE";
    public static final String INSTANCE_ID = "BREEDLINE_TRIGGER_INSTANCE_ID";
    public static final String PREFIX = "BREEDLINE_TRIGGER_PREFIX";
    public static final String SUFFIXES = "BREEDLINE_TRIGGER_SUFFIXES";
    public static final String KAFKA_TOPIC = "BREEDLINE_TRIGGER_KAFKA_TOPIC";
    public static final String GROUP_ID = "BREEDLINE_TRIGGER_GROUP_ID";
    public static final String SQS_QUEUE_URL = "BREEDLINE_TRIGGER_SQS_QUEUE_URL";
    public static final String SQS_ENDPOINT = "BREEDLINE_TRIGGER_SQS_ENDPOINT";
    public static final String SQS_REGION = "BREEDLINE_TRIGGER_SQS_REGION";
    public static final String SQS_WAIT = "BREEDLINE_TRIGGER_SQS_WAIT";
    public static final String SQS_VISIBILITY_TIMEOUT = "BREEDLINE_TRIGGER_SQS_VISIBILITY_TIMEOUT";
    public static final String HTTP_PORT = "BREEDLINE_TRIGGER_HTTP_PORT";
    public static final String HTTP_BIND = "BREEDLINE_TRIGGER_HTTP_BIND";
    public static final String TOKEN = "BREEDLINE_TRIGGER_TOKEN";
    public static final String SNS_HOSTS = "BREEDLINE_TRIGGER_SNS_HOSTS";
    public static final String SNS_VERIFY = "BREEDLINE_TRIGGER_SNS_VERIFY";

    public static final String GROUP_ID_DEFAULT = "breedline-ingest-trigger";
    public static final Duration SQS_WAIT_DEFAULT = Duration.ofSeconds(20);
    public static final Duration SQS_VISIBILITY_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
    public static final String HTTP_BIND_DEFAULT = "0.0.0.0";
    public static final String SNS_HOSTS_DEFAULT = "sns.*.amazonaws.com";

    public TriggerConfig {
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(kafkaTopic, "kafkaTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(sqsQueueUrl, "sqsQueueUrl");
        Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
        Objects.requireNonNull(sqsRegion, "sqsRegion");
        Objects.requireNonNull(sqsWait, "sqsWait");
        Objects.requireNonNull(sqsVisibilityTimeout, "sqsVisibilityTimeout");
        Objects.requireNonNull(httpPort, "httpPort");
        Objects.requireNonNull(httpBind, "httpBind");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(snsHosts, "snsHosts");
        if (!instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new ConfigException(INSTANCE_ID, instanceId, "must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        if (kafkaTopic.isEmpty() && sqsQueueUrl.isEmpty() && httpPort.isEmpty()) {
            throw new ConfigException("the trigger has no notification source: set " + KAFKA_TOPIC + ", "
                    + SQS_QUEUE_URL + " or " + HTTP_PORT);
        }
        if (sqsWait.compareTo(Duration.ofSeconds(1)) < 0 || sqsWait.compareTo(Duration.ofSeconds(20)) > 0) {
            throw new ConfigException(SQS_WAIT, sqsWait.toString(), "must be between 1s and 20s (SQS's long-poll limit)");
        }
        if (sqsVisibilityTimeout.compareTo(Duration.ofSeconds(5)) < 0
                || sqsVisibilityTimeout.compareTo(Duration.ofHours(12)) > 0) {
            throw new ConfigException(SQS_VISIBILITY_TIMEOUT, sqsVisibilityTimeout.toString(),
                    "must be between 5s and 12h");
        }
        httpPort.ifPresent(p -> {
            if (p < 0 || p > 65535) {
                throw new ConfigException(HTTP_PORT, String.valueOf(p), "must be a port number, 0 to 65535");
            }
        });
        token.ifPresent(t -> {
            if (t.length() < 16) {
                throw new ConfigException(TOKEN, t, "is too short to be a secret: use at least 16 characters");
            }
        });
    }

    /** A trigger with defaults that reads only the given sources; tests and the CLI fill in the rest with withers. */
    public static TriggerConfig of(IngestConfig ingest, Optional<String> kafkaTopic, Optional<String> sqsQueueUrl,
                                   Optional<Integer> httpPort) {
        return new TriggerConfig(ingest, generatedInstanceId(), new EventFilter("", ingest.extensions()), kafkaTopic,
                GROUP_ID_DEFAULT, sqsQueueUrl, Optional.empty(), ingest.s3().region(), SQS_WAIT_DEFAULT,
                SQS_VISIBILITY_TIMEOUT_DEFAULT, httpPort, HTTP_BIND_DEFAULT, Optional.empty(),
                HostAllowList.parse(SNS_HOSTS_DEFAULT), true);
    }

    public static TriggerConfig from(Settings settings) {
        IngestConfig ingest = IngestConfig.from(settings);
        ImageExtensions suffixes = settings.optional(SUFFIXES).map(raw -> {
            try {
                return ImageExtensions.parse(raw);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SUFFIXES, raw, e.getMessage() + " (example: jpg,jpeg,png)");
            }
        }).orElse(ingest.extensions());
        Optional<URI> sqsEndpoint = settings.optional(SQS_ENDPOINT).map(raw -> {
            try {
                URI uri = URI.create(raw);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SQS_ENDPOINT, raw, "is not an http(s) URL: " + e.getMessage());
            }
        });
        HostAllowList snsHosts;
        String rawHosts = settings.string(SNS_HOSTS, SNS_HOSTS_DEFAULT);
        try {
            snsHosts = HostAllowList.parse(rawHosts);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SNS_HOSTS, rawHosts, e.getMessage());
        }
        Optional<Integer> httpPort = settings.optional(HTTP_PORT).map(p -> settings.integer(HTTP_PORT, 0, 0, 65535));
        return new TriggerConfig(
                ingest,
                settings.optional(INSTANCE_ID).orElseGet(TriggerConfig::generatedInstanceId),
                new EventFilter(settings.string(PREFIX, ""), suffixes),
                settings.optional(KAFKA_TOPIC),
                settings.string(GROUP_ID, GROUP_ID_DEFAULT),
                settings.optional(SQS_QUEUE_URL),
                sqsEndpoint,
                settings.string(SQS_REGION, ingest.s3().region()),
                settings.duration(SQS_WAIT, SQS_WAIT_DEFAULT),
                settings.duration(SQS_VISIBILITY_TIMEOUT, SQS_VISIBILITY_TIMEOUT_DEFAULT),
                httpPort,
                settings.string(HTTP_BIND, HTTP_BIND_DEFAULT),
                settings.optional(TOKEN),
                snsHosts,
                settings.bool(SNS_VERIFY, true));
    }

    /** The job id of this trigger's references: {@code BREEDLINE_JOB_ID}, else one per trigger process. */
    public String jobId(java.time.Clock clock) {
        return ingest.jobId().orElseGet(() -> "trigger-" + JobIds.generate(clock).substring("job-".length()));
    }

    public TriggerConfig withFilter(EventFilter newFilter) {
        return new TriggerConfig(ingest, instanceId, newFilter, kafkaTopic, groupId, sqsQueueUrl, sqsEndpoint, sqsRegion,
                sqsWait, sqsVisibilityTimeout, httpPort, httpBind, token, snsHosts, snsVerify);
    }

    public TriggerConfig withGroupId(String newGroupId) {
        return new TriggerConfig(ingest, instanceId, filter, kafkaTopic, newGroupId, sqsQueueUrl, sqsEndpoint, sqsRegion,
                sqsWait, sqsVisibilityTimeout, httpPort, httpBind, token, snsHosts, snsVerify);
    }

    public TriggerConfig withSqs(URI endpoint, String region, Duration wait, Duration visibilityTimeout) {
        return new TriggerConfig(ingest, instanceId, filter, kafkaTopic, groupId, sqsQueueUrl, Optional.of(endpoint),
                region, wait, visibilityTimeout, httpPort, httpBind, token, snsHosts, snsVerify);
    }

    public TriggerConfig withToken(String newToken) {
        return new TriggerConfig(ingest, instanceId, filter, kafkaTopic, groupId, sqsQueueUrl, sqsEndpoint, sqsRegion,
                sqsWait, sqsVisibilityTimeout, httpPort, httpBind, Optional.ofNullable(newToken), snsHosts, snsVerify);
    }

    public TriggerConfig withSnsHosts(HostAllowList newHosts) {
        return new TriggerConfig(ingest, instanceId, filter, kafkaTopic, groupId, sqsQueueUrl, sqsEndpoint, sqsRegion,
                sqsWait, sqsVisibilityTimeout, httpPort, httpBind, token, newHosts, snsVerify);
    }

    public TriggerConfig withSnsVerify(boolean verify) {
        return new TriggerConfig(ingest, instanceId, filter, kafkaTopic, groupId, sqsQueueUrl, sqsEndpoint, sqsRegion,
                sqsWait, sqsVisibilityTimeout, httpPort, httpBind, token, snsHosts, verify);
    }

    @Override
    public String toString() {
        // The token is a secret: records print every component otherwise.
        return "TriggerConfig[instanceId=" + instanceId + ", filter=" + filter + ", kafkaTopic=" + kafkaTopic
                + ", groupId=" + groupId + ", sqsQueueUrl=" + sqsQueueUrl + ", sqsEndpoint=" + sqsEndpoint
                + ", httpPort=" + httpPort + ", token=" + token.map(t -> "****").orElse("none") + ", snsHosts=" + snsHosts
                + ", snsVerify=" + snsVerify + ", lane=" + lane() + "]";
    }

    private static String generatedInstanceId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "host").replaceAll("[^A-Za-z0-9._-]", "");
        if (host.isEmpty() || host.length() > 60) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** The same trigger with its references on {@code lane} ({@code --lane}); null for the priority lane. */
    public TriggerConfig withLane(Lane lane) {
        return new TriggerConfig(ingest.withLane(lane), instanceId, filter, kafkaTopic, groupId, sqsQueueUrl, sqsEndpoint,
                sqsRegion, sqsWait, sqsVisibilityTimeout, httpPort, httpBind, token, snsHosts, snsVerify);
    }

    /** The lane the trigger's references take: the priority lane, unless the run chose another ({@code --lane}). */
    public Lane lane() {
        return ingest.lane().orElse(Lane.PRIORITY);
    }
}
