package io.breedline.sink;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.contracts.Topics;
import io.breedline.sink.consume.RetryBackoff;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.objects.FolderTarget;
import io.breedline.sink.s3.S3Target;
import io.breedline.sink.writer.SinkTarget;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the results sink needs, read once at start-up.
 *
 * <pre>
 * BREEDLINE_SINK_TARGET                jdbc | s3 | folder; default: s3 when only BREEDLINE_SINK_S3_URI is set,
 *                                      folder when only BREEDLINE_SINK_FOLDER is set, else jdbc
 * BREEDLINE_SINK_FORMAT                objects' format for s3 and folder: jsonl (default) | parquet
 * BREEDLINE_SINK_FOLDER                a local folder (target folder), objects laid out as in S3
 * BREEDLINE_SINK_JDBC_URL              jdbc:sqlite:/path/results.db (default jdbc:sqlite:breedline-results.db)
 *                                      or jdbc:postgresql://host:5432/db
 * BREEDLINE_SINK_JDBC_USER / _PASSWORD database credentials (the password is never printed)
 * BREEDLINE_SINK_S3_URI                s3://bucket/prefix (target s3)
 * BREEDLINE_SINK_S3_FLUSH_RECORDS      offsets per object, default 1000
 * BREEDLINE_SINK_S3_FLUSH_INTERVAL     partial objects become visible after this long, default 10s
 * BREEDLINE_SINK_GROUP_ID              consumer group, default breedline-sink
 * BREEDLINE_SINK_ID                    this sink's static group member id (group.instance.id), e.g. the pod name;
 *                                      a restart under the same id takes its partitions back at once; default unique
 * BREEDLINE_SINK_MAX_POLL_RECORDS      records per poll, and so per database transaction, default 500
 * BREEDLINE_SINK_POLL_TIMEOUT          default 500ms
 * BREEDLINE_SINK_RETRY_BACKOFF_INITIAL first wait after a failed write, doubled per failure, default 500ms
 * BREEDLINE_SINK_RETRY_BACKOFF_MAX     longest wait between retries, default 30s
 * BREEDLINE_KAFKA_*, BREEDLINE_TOPIC_*, BREEDLINE_S3_*  as for every service
 * </pre>
 */
public record SinkConfig(
        KafkaSettings kafka,
        Topics topics,
        String groupId,
        int maxPollRecords,
        Duration pollTimeout,
        RetryBackoff retryBackoff,
        SinkTarget target,
        String sinkId) {

    public static final String TARGET = "BREEDLINE_SINK_TARGET";
    public static final String GROUP_ID = "BREEDLINE_SINK_GROUP_ID";
    public static final String MAX_POLL_RECORDS = "BREEDLINE_SINK_MAX_POLL_RECORDS";
    public static final String POLL_TIMEOUT = "BREEDLINE_SINK_POLL_TIMEOUT";
    public static final String RETRY_BACKOFF_INITIAL = "BREEDLINE_SINK_RETRY_BACKOFF_INITIAL";
    public static final String RETRY_BACKOFF_MAX = "BREEDLINE_SINK_RETRY_BACKOFF_MAX";
    public static final String SINK_ID = "BREEDLINE_SINK_ID";

    public static final String GROUP_ID_DEFAULT = "breedline-sink";
    public static final int MAX_POLL_RECORDS_DEFAULT = 500;
    public static final Duration POLL_TIMEOUT_DEFAULT = Duration.ofMillis(500);
    public static final Duration RETRY_BACKOFF_INITIAL_DEFAULT = Duration.ofMillis(500);
    public static final Duration RETRY_BACKOFF_MAX_DEFAULT = Duration.ofSeconds(30);
    // A poll timeout or a retry wait longer than this only makes the sink slow to notice a recovered database or a
    // shutdown request.
    static final Duration LONGEST_WAIT = Duration.ofMinutes(2);
    private static final Pattern SINK_ID_FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public SinkConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(target, "target");
        if (groupId == null || groupId.isBlank()) {
            throw new ConfigException(GROUP_ID, groupId, "must not be empty");
        }
        if (maxPollRecords < 1) {
            throw new ConfigException(MAX_POLL_RECORDS, String.valueOf(maxPollRecords), "must be at least 1");
        }
        if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero() || pollTimeout.compareTo(LONGEST_WAIT) > 0) {
            throw new ConfigException(POLL_TIMEOUT, String.valueOf(pollTimeout), "must be positive and at most " + LONGEST_WAIT);
        }
        if (sinkId == null || !SINK_ID_FORMAT.matcher(sinkId).matches()) {
            throw new ConfigException(SINK_ID, sinkId, "must be 1 to 200 letters, digits, '.', '_' or '-'");
        }
        if (retryBackoff.max().compareTo(LONGEST_WAIT) > 0) {
            throw new ConfigException(RETRY_BACKOFF_MAX, String.valueOf(retryBackoff.max()), "must be at most " + LONGEST_WAIT);
        }
    }

    public static SinkConfig from(Settings settings) {
        Duration initial = settings.duration(RETRY_BACKOFF_INITIAL, RETRY_BACKOFF_INITIAL_DEFAULT);
        Duration max = settings.duration(RETRY_BACKOFF_MAX, RETRY_BACKOFF_MAX_DEFAULT);
        if (initial.isZero() || initial.isNegative()) {
            throw new ConfigException(RETRY_BACKOFF_INITIAL, String.valueOf(initial), "must be positive");
        }
        if (max.compareTo(initial) < 0) {
            throw new ConfigException(RETRY_BACKOFF_MAX, String.valueOf(max),
                    "must not be less than " + RETRY_BACKOFF_INITIAL + " (" + initial + ")");
        }
        Topics topics;
        try {
            topics = Topics.fromEnv(settings.asMap());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new SinkConfig(
                KafkaSettings.from(settings),
                topics,
                settings.string(GROUP_ID, GROUP_ID_DEFAULT),
                settings.integer(MAX_POLL_RECORDS, MAX_POLL_RECORDS_DEFAULT, 1, 100_000),
                settings.duration(POLL_TIMEOUT, POLL_TIMEOUT_DEFAULT),
                new RetryBackoff(initial, max),
                target(settings),
                settings.optional(SINK_ID).orElseGet(SinkConfig::defaultSinkId));
    }

    /** The sink with defaults for everything but Kafka and the target; for callers that build config in code. */
    public static SinkConfig of(KafkaSettings kafka, Topics topics, String groupId, SinkTarget target) {
        return new SinkConfig(kafka, topics, groupId, MAX_POLL_RECORDS_DEFAULT, POLL_TIMEOUT_DEFAULT,
                new RetryBackoff(RETRY_BACKOFF_INITIAL_DEFAULT, RETRY_BACKOFF_MAX_DEFAULT), target, defaultSinkId());
    }

    public SinkConfig withTarget(SinkTarget newTarget) {
        return new SinkConfig(kafka, topics, groupId, maxPollRecords, pollTimeout, retryBackoff, newTarget, sinkId);
    }

    public SinkConfig withGroupId(String newGroupId) {
        return new SinkConfig(kafka, topics, newGroupId, maxPollRecords, pollTimeout, retryBackoff, target, sinkId);
    }

    public SinkConfig withRetryBackoff(RetryBackoff newBackoff) {
        return new SinkConfig(kafka, topics, groupId, maxPollRecords, pollTimeout, newBackoff, target, sinkId);
    }

    public SinkConfig withMaxPollRecords(int newMaxPollRecords) {
        return new SinkConfig(kafka, topics, groupId, newMaxPollRecords, pollTimeout, retryBackoff, target, sinkId);
    }

    // Unique per process unless BREEDLINE_SINK_ID is set: two sinks must never share a static group member id.
    static String defaultSinkId() {
        return "sink-" + ProcessHandle.current().pid() + "-"
                + java.util.HexFormat.of().toHexDigits(java.util.concurrent.ThreadLocalRandom.current().nextInt());
    }

    private static SinkTarget target(Settings settings) {
        boolean jdbcUrl = settings.optional(JdbcTarget.URL).isPresent();
        boolean s3Uri = settings.optional(S3Target.URI).isPresent();
        boolean folder = settings.optional(FolderTarget.FOLDER).isPresent();
        String target = settings.optional(TARGET).map(v -> v.toLowerCase(Locale.ROOT)).orElse(null);
        if (target == null) {
            if ((jdbcUrl ? 1 : 0) + (s3Uri ? 1 : 0) + (folder ? 1 : 0) > 1) {
                throw new ConfigException(TARGET, null, "must be jdbc, s3 or folder when more than one of "
                        + JdbcTarget.URL + ", " + S3Target.URI + " and " + FolderTarget.FOLDER + " is set");
            }
            target = s3Uri ? "s3" : folder ? "folder" : "jdbc";
        }
        return switch (target) {
            case "jdbc" -> JdbcTarget.from(settings);
            case "s3" -> {
                if (!s3Uri) {
                    throw new ConfigException(S3Target.URI, null, "is required when " + TARGET + "=s3 (s3://bucket/prefix)");
                }
                yield S3Target.from(settings);
            }
            case "folder" -> FolderTarget.from(settings);
            default -> throw new ConfigException(TARGET, settings.optional(TARGET).orElse(""), "must be jdbc, s3 or folder");
        };
    }
}
