package io.breedline.ingest;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.ingest.source.ImageExtensions;
import io.breedline.ingest.source.SdkS3Listing;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one ingest service needs, read once at start-up.
 *
 * @param kafka {@code BREEDLINE_KAFKA_*}
 * @param topics {@code BREEDLINE_TOPIC_IMAGES} (and the other topic names)
 * @param s3 {@code BREEDLINE_S3_*}, used only for {@code s3://} sources
 * @param source {@code BREEDLINE_INGEST_SOURCE}: a folder or {@code s3://bucket/prefix}; a command-line argument wins
 * @param jobId {@code BREEDLINE_JOB_ID}; empty to generate one per run
 * @param extensions {@code BREEDLINE_INGEST_EXTENSIONS}: comma-separated, e.g. {@code jpg,png}
 * @param s3PageSize {@code BREEDLINE_INGEST_S3_PAGE_SIZE}: keys per ListObjectsV2 request, 1 to 1000
 * @param progressInterval {@code BREEDLINE_INGEST_PROGRESS_INTERVAL}: how often progress is logged when not on a
 *     terminal
 * @param lane the lane this run's references take ({@code --lane}); empty for the source's own: bulk for a folder or
 *     prefix, priority for the trigger's uploads
 */
public record IngestConfig(
        KafkaSettings kafka,
        Topics topics,
        S3Settings s3,
        Optional<String> source,
        Optional<String> jobId,
        ImageExtensions extensions,
        int s3PageSize,
        Duration progressInterval,
        Optional<Lane> lane) {

    public static final String SOURCE = "BREEDLINE_INGEST_SOURCE";
    public static final String JOB_ID = "BREEDLINE_JOB_ID";
    public static final String EXTENSIONS = "BREEDLINE_INGEST_EXTENSIONS";
    public static final String S3_PAGE_SIZE = "BREEDLINE_INGEST_S3_PAGE_SIZE";
    public static final String PROGRESS_INTERVAL = "BREEDLINE_INGEST_PROGRESS_INTERVAL";

    public static final int S3_PAGE_SIZE_DEFAULT = 1000;
    public static final Duration PROGRESS_INTERVAL_DEFAULT = Duration.ofSeconds(10);

    public IngestConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(lane, "lane");
        if (source.isPresent() && source.get().isBlank()) {
            source = Optional.empty();
        }
        jobId.ifPresent(id -> {
            if (!JobIds.VALID.matcher(id).matches()) {
                throw new ConfigException(JOB_ID, id,
                        "is not a usable job id: use up to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
        });
        if (s3PageSize < 1 || s3PageSize > SdkS3Listing.MAX_PAGE_SIZE) {
            throw new ConfigException(S3_PAGE_SIZE, String.valueOf(s3PageSize),
                    "must be between 1 and " + SdkS3Listing.MAX_PAGE_SIZE);
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new ConfigException(PROGRESS_INTERVAL, progressInterval.toString(), "must be positive");
        }
    }

    /** Defaults for everything but where Kafka and S3 are. */
    public static IngestConfig of(KafkaSettings kafka, S3Settings s3) {
        return new IngestConfig(kafka, Topics.defaults(), s3, Optional.empty(), Optional.empty(),
                ImageExtensions.defaults(), S3_PAGE_SIZE_DEFAULT, PROGRESS_INTERVAL_DEFAULT, Optional.empty());
    }

    /** Reads and checks every variable; a {@link ConfigException} names the first bad one and says what is wrong. */
    public static IngestConfig from(Settings settings) {
        Topics topics;
        try {
            topics = Topics.fromEnv(settings.asMap());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        ImageExtensions extensions = settings.optional(EXTENSIONS).map(raw -> {
            try {
                return ImageExtensions.parse(raw);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(EXTENSIONS, raw, e.getMessage() + " (example: jpg,jpeg,png)");
            }
        }).orElseGet(ImageExtensions::defaults);
        return new IngestConfig(
                KafkaSettings.from(settings),
                topics,
                S3Settings.from(settings),
                settings.optional(SOURCE),
                settings.optional(JOB_ID),
                extensions,
                settings.integer(S3_PAGE_SIZE, S3_PAGE_SIZE_DEFAULT, 1, SdkS3Listing.MAX_PAGE_SIZE),
                settings.duration(PROGRESS_INTERVAL, PROGRESS_INTERVAL_DEFAULT),
                Optional.empty());
    }

    /** The topic this run's references go to: the lane chosen for the run, else {@code byDefault}'s. */
    public String referencesTopic(Lane byDefault) {
        return lane.orElse(byDefault).topic(topics);
    }

    /** The lane this run's references take, whatever the source ({@code --lane}); null for the source's own. */
    public IngestConfig withLane(Lane newLane) {
        return new IngestConfig(kafka, topics, s3, source, jobId, extensions, s3PageSize, progressInterval,
                Optional.ofNullable(newLane));
    }

    public IngestConfig withSource(String newSource) {
        return new IngestConfig(kafka, topics, s3, Optional.ofNullable(newSource), jobId,
                extensions, s3PageSize, progressInterval, lane);
    }

    public IngestConfig withJobId(String newJobId) {
        return new IngestConfig(kafka, topics, s3, source, Optional.ofNullable(newJobId),
                extensions, s3PageSize, progressInterval, lane);
    }

    public IngestConfig withKafka(KafkaSettings newKafka) {
        return new IngestConfig(newKafka, topics, s3, source, jobId, extensions, s3PageSize, progressInterval, lane);
    }

    public IngestConfig withTopics(Topics newTopics) {
        return new IngestConfig(kafka, newTopics, s3, source, jobId, extensions, s3PageSize, progressInterval, lane);
    }

    public IngestConfig withS3(S3Settings newS3) {
        return new IngestConfig(kafka, topics, newS3, source, jobId, extensions, s3PageSize, progressInterval, lane);
    }

    public IngestConfig withExtensions(ImageExtensions newExtensions) {
        return new IngestConfig(kafka, topics, s3, source, jobId, newExtensions, s3PageSize, progressInterval, lane);
    }

    public IngestConfig withS3PageSize(int newPageSize) {
        return new IngestConfig(kafka, topics, s3, source, jobId, extensions, newPageSize, progressInterval, lane);
    }

    public IngestConfig withProgressInterval(Duration newInterval) {
        return new IngestConfig(kafka, topics, s3, source, jobId, extensions, s3PageSize, newInterval, lane);
    }
}
