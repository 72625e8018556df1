package io.breedline.worker;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.Topics;
import io.breedline.worker.decode.DecodeMode;
import io.breedline.worker.fetch.FileRoots;
import io.breedline.worker.fetch.HttpAllowList;
import io.breedline.worker.inference.DeviceChoice;
import io.breedline.worker.inference.ModelSpec;
import io.breedline.worker.inference.SessionThreads;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Everything a worker needs, read once from {@code BREEDLINE_*} variables and validated here, so a bad value stops
 * the worker at start-up with the variable's name instead of failing later on some image.
 *
 * @param kafka {@code BREEDLINE_KAFKA_*} (see {@link KafkaSettings})
 * @param topics {@code BREEDLINE_TOPIC_IMAGES}, {@code BREEDLINE_TOPIC_PREDICTIONS}, {@code BREEDLINE_TOPIC_DEAD_LETTERS}
 * @param groupId {@value #GROUP_ID}, the consumer group all workers share
 * @param model {@value #MODEL}: a SavedModel directory, its saved_model.pb, or {@code s3://bucket/prefix/} (required)
 * @param labels {@value #LABELS}; empty: labels.txt in the model directory
 * @param modelName {@value #MODEL_NAME}; empty: the model directory's name
 * @param modelVersion {@value #MODEL_VERSION}; empty: {@code sha256:} + 16 hex digits of the SavedModel's content
 * @param modelSignature {@value #MODEL_SIGNATURE}, the SignatureDef to serve
 * @param maxBatchSize {@value #MAX_BATCH_SIZE}, images per model call at most
 * @param maxBatchDelay {@value #MAX_BATCH_DELAY}, how long the oldest image waits for its batch to fill
 * @param maxInFlight {@value #MAX_IN_FLIGHT}, records polled but not yet published before the worker pauses its
 *     partitions; default the larger of (model streams + 1) x the batch size and the fetch threads
 * @param decodeThreads {@value #DECODE_THREADS}, threads decoding and resizing (CPU bound)
 * @param fetchThreads {@value #FETCH_THREADS}, threads reading from S3 or files (I/O bound)
 * @param topK {@value #TOP_K}, classes reported per image
 * @param device {@value #DEVICE}: auto, cpu, gpu or gpu:N
 * @param maxImageBytes {@value #MAX_IMAGE_BYTES}, larger objects are dead-lettered unread
 * @param maxImagePixels {@value #MAX_IMAGE_PIXELS}, larger images are dead-lettered before decoding
 * @param fileRoots {@value #FILE_ROOTS}, directories local images may come from (unset: any; {@code none}: no local files)
 * @param httpAllow {@value #HTTP_ALLOW}, comma-separated http(s) URL prefixes images may be fetched from (empty: none)
 * @param httpTimeout {@value #HTTP_TIMEOUT}, bound on fetching one http(s) image, redirects and body included
 * @param workerId {@value #WORKER_ID}, unique per process; the producer's transactional.id is {@code breedline-worker-<id>}
 * @param s3 {@code BREEDLINE_S3_*} (see {@link S3Settings})
 * @param cacheDir {@value #CACHE_DIR}, where models from S3 are downloaded
 * @param shutdownTimeout {@value #SHUTDOWN_TIMEOUT}, how long a stopping worker keeps publishing what it has in flight
 * @param modelFreeze {@value #MODEL_FREEZE}: serve the model with its variables turned into constants, when that gives
 *     the same outputs (within 1e-5) on probe images; else it is served as loaded
 * @param decodeMode {@value #DECODE_MODE}: {@code fast} decodes JPEGs at least twice the model input scaled down in
 *     the DCT domain, {@code exact} decodes every image at full size
 * @param dedup {@value #DEDUP}: skip a reference whose image is already labeled for its ETag (or version) by this model
 *     version (see {@link io.breedline.worker.dedup.Dedup}); false labels everything again, still recording marks
 * @param modelThreads {@value #TF_INTRA_OP_THREADS} and {@value #TF_INTER_OP_THREADS}, TensorFlow's thread pools
 *     (0: TensorFlow's default, one thread per core); on a CPU worker, these plus {@value #DECODE_THREADS} share the
 *     cores (see BENCHMARKS.md for the measured budget)
 * @param modelStreams {@value #MODEL_STREAMS}, batches in the model at once (each on its own inference thread, one
 *     session): on a CPU a second batch fills the gaps TensorFlow leaves between the operations of the first (the
 *     model alone ran 1.22x faster with 2 here), at the memory of a second batch in flight (BENCHMARKS.md)
 */
public record WorkerConfig(
        KafkaSettings kafka,
        Topics topics,
        String groupId,
        String model,
        Optional<Path> labels,
        Optional<String> modelName,
        Optional<String> modelVersion,
        String modelSignature,
        int maxBatchSize,
        Duration maxBatchDelay,
        int maxInFlight,
        int decodeThreads,
        int fetchThreads,
        int topK,
        DeviceChoice device,
        long maxImageBytes,
        long maxImagePixels,
        FileRoots fileRoots,
        HttpAllowList httpAllow,
        Duration httpTimeout,
        String workerId,
        S3Settings s3,
        Path cacheDir,
        Duration shutdownTimeout,
        boolean modelFreeze,
        DecodeMode decodeMode,
        boolean dedup,
        SessionThreads modelThreads,
        int modelStreams) {

    public static final String GROUP_ID = "BREEDLINE_GROUP_ID";
    public static final String MODEL = "BREEDLINE_MODEL";
    public static final String LABELS = "BREEDLINE_LABELS";
    public static final String MODEL_NAME = "BREEDLINE_MODEL_NAME";
    public static final String MODEL_VERSION = "BREEDLINE_MODEL_VERSION";
    public static final String MODEL_SIGNATURE = "BREEDLINE_MODEL_SIGNATURE";
    public static final String MAX_BATCH_SIZE = "BREEDLINE_MAX_BATCH_SIZE";
    public static final String MAX_BATCH_DELAY = "BREEDLINE_MAX_BATCH_DELAY";
    public static final String MAX_IN_FLIGHT = "BREEDLINE_MAX_IN_FLIGHT";
    public static final String DECODE_THREADS = "BREEDLINE_DECODE_THREADS";
    public static final String FETCH_THREADS = "BREEDLINE_FETCH_THREADS";
    public static final String TOP_K = "BREEDLINE_TOP_K";
    public static final String DEVICE = DeviceChoice.ENV;
    public static final String MAX_IMAGE_BYTES = "BREEDLINE_MAX_IMAGE_BYTES";
    public static final String MAX_IMAGE_PIXELS = "BREEDLINE_MAX_IMAGE_PIXELS";
    public static final String FILE_ROOTS = "BREEDLINE_FILE_ROOTS";
    public static final String HTTP_ALLOW = "BREEDLINE_HTTP_ALLOW";
    public static final String HTTP_TIMEOUT = "BREEDLINE_HTTP_TIMEOUT";
    public static final String WORKER_ID = "BREEDLINE_WORKER_ID";
    public static final String CACHE_DIR = "BREEDLINE_CACHE_DIR";
    public static final String SHUTDOWN_TIMEOUT = "BREEDLINE_SHUTDOWN_TIMEOUT";
    public static final String MODEL_FREEZE = "BREEDLINE_MODEL_FREEZE";
    public static final String DECODE_MODE = "BREEDLINE_DECODE_MODE";
    public static final String DEDUP = "BREEDLINE_DEDUP";
    public static final String TF_INTRA_OP_THREADS = "BREEDLINE_TF_INTRA_OP_THREADS";
    public static final String TF_INTER_OP_THREADS = "BREEDLINE_TF_INTER_OP_THREADS";
    public static final String MODEL_STREAMS = "BREEDLINE_MODEL_STREAMS";

    public static final String GROUP_ID_DEFAULT = "breedline-workers";
    public static final String MODEL_SIGNATURE_DEFAULT = "serving_default";
    public static final int MAX_BATCH_SIZE_DEFAULT = 32;
    public static final Duration MAX_BATCH_DELAY_DEFAULT = Duration.ofMillis(200);
    public static final int FETCH_THREADS_DEFAULT = 16;
    public static final int TOP_K_DEFAULT = 5;
    public static final long MAX_IMAGE_BYTES_DEFAULT = 50L * 1024 * 1024;
    public static final long MAX_IMAGE_PIXELS_DEFAULT = 100_000_000L;
    public static final Duration SHUTDOWN_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    public static final boolean MODEL_FREEZE_DEFAULT = true;
    public static final DecodeMode DECODE_MODE_DEFAULT = DecodeMode.DEFAULT;
    public static final Duration HTTP_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    public static final boolean DEDUP_DEFAULT = true;
    public static final int MODEL_STREAMS_DEFAULT = 1;

    static final int MAX_BATCH_SIZE_LIMIT = 4096;
    static final Duration MAX_BATCH_DELAY_LIMIT = Duration.ofMinutes(1);
    // A byte[] holds at most this many bytes.
    static final long MAX_IMAGE_BYTES_LIMIT = Integer.MAX_VALUE - 16;
    private static final Pattern WORKER_ID_FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern NOT_ID_CHARS = Pattern.compile("[^A-Za-z0-9._-]");

    public WorkerConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(labels, LABELS);
        Objects.requireNonNull(modelName, MODEL_NAME);
        Objects.requireNonNull(modelVersion, MODEL_VERSION);
        Objects.requireNonNull(device, DEVICE);
        Objects.requireNonNull(fileRoots, FILE_ROOTS);
        Objects.requireNonNull(httpAllow, HTTP_ALLOW);
        Objects.requireNonNull(httpTimeout, HTTP_TIMEOUT);
        if (httpTimeout.isNegative() || httpTimeout.isZero()) {
            throw new ConfigException(HTTP_TIMEOUT, httpTimeout.toString(), "must be positive");
        }
        Objects.requireNonNull(s3, "s3");
        notBlank(GROUP_ID, groupId);
        notBlank(MODEL, model);
        notBlank(MODEL_SIGNATURE, modelSignature);
        modelName.ifPresent(v -> notBlank(MODEL_NAME, v));
        modelVersion.ifPresent(v -> notBlank(MODEL_VERSION, v));
        between(MAX_BATCH_SIZE, maxBatchSize, 1, MAX_BATCH_SIZE_LIMIT);
        Objects.requireNonNull(maxBatchDelay, MAX_BATCH_DELAY);
        if (maxBatchDelay.isNegative() || maxBatchDelay.compareTo(MAX_BATCH_DELAY_LIMIT) > 0) {
            throw new ConfigException(MAX_BATCH_DELAY, maxBatchDelay.toString(), "must be between 0 and " + MAX_BATCH_DELAY_LIMIT);
        }
        if (maxInFlight < maxBatchSize) {
            throw new ConfigException(MAX_IN_FLIGHT, Integer.toString(maxInFlight),
                    "must be at least " + MAX_BATCH_SIZE + " (" + maxBatchSize + "), or batches could never fill");
        }
        between(MAX_IN_FLIGHT, maxInFlight, 1, 100_000);
        between(DECODE_THREADS, decodeThreads, 1, 1024);
        between(FETCH_THREADS, fetchThreads, 1, 4096);
        between(TOP_K, topK, 1, 100_000);
        between(MAX_IMAGE_BYTES, maxImageBytes, 1, MAX_IMAGE_BYTES_LIMIT);
        between(MAX_IMAGE_PIXELS, maxImagePixels, 1, Long.MAX_VALUE);
        Objects.requireNonNull(workerId, WORKER_ID);
        if (!WORKER_ID_FORMAT.matcher(workerId).matches()) {
            throw new ConfigException(WORKER_ID, workerId, "must be 1 to 200 letters, digits, '.', '_' or '-'");
        }
        Objects.requireNonNull(cacheDir, CACHE_DIR);
        Objects.requireNonNull(shutdownTimeout, SHUTDOWN_TIMEOUT);
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new ConfigException(SHUTDOWN_TIMEOUT, shutdownTimeout.toString(), "must be positive");
        }
        Objects.requireNonNull(decodeMode, DECODE_MODE);
        Objects.requireNonNull(modelThreads, TF_INTRA_OP_THREADS);
        between(MODEL_STREAMS, modelStreams, 1, 16);
    }

    public static WorkerConfig from(Settings s) {
        int maxBatchSize = s.integer(MAX_BATCH_SIZE, MAX_BATCH_SIZE_DEFAULT, 1, MAX_BATCH_SIZE_LIMIT);
        int fetchThreads = s.integer(FETCH_THREADS, FETCH_THREADS_DEFAULT, 1, 4096);
        int modelStreams = s.integer(MODEL_STREAMS, MODEL_STREAMS_DEFAULT, 1, 16);
        Topics topics;
        try {
            topics = Topics.fromEnv(s.asMap());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new WorkerConfig(
                KafkaSettings.from(s),
                topics,
                s.string(GROUP_ID, GROUP_ID_DEFAULT),
                s.required(MODEL),
                s.path(LABELS),
                s.optional(MODEL_NAME),
                s.optional(MODEL_VERSION),
                s.string(MODEL_SIGNATURE, MODEL_SIGNATURE_DEFAULT),
                maxBatchSize,
                s.duration(MAX_BATCH_DELAY, MAX_BATCH_DELAY_DEFAULT),
                // A full batch in every stream and one more being prepared, so the model never waits for the next.
                s.integer(MAX_IN_FLIGHT, Math.max((modelStreams + 1) * maxBatchSize, fetchThreads), 1, 100_000),
                s.integer(DECODE_THREADS, decodeThreadsDefault(), 1, 1024),
                fetchThreads,
                s.integer(TOP_K, TOP_K_DEFAULT, 1, 100_000),
                parse(DEVICE, s.string(DEVICE, "auto"), DeviceChoice::parse),
                s.longValue(MAX_IMAGE_BYTES, MAX_IMAGE_BYTES_DEFAULT, 1, MAX_IMAGE_BYTES_LIMIT),
                s.longValue(MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS_DEFAULT, 1, Long.MAX_VALUE),
                parse(FILE_ROOTS, s.string(FILE_ROOTS, ""), FileRoots::parse),
                parse(HTTP_ALLOW, s.string(HTTP_ALLOW, ""), HttpAllowList::parse),
                s.duration(HTTP_TIMEOUT, HTTP_TIMEOUT_DEFAULT),
                s.optional(WORKER_ID).orElseGet(() -> defaultWorkerId(s)),
                S3Settings.from(s),
                s.path(CACHE_DIR).orElseGet(WorkerConfig::defaultCacheDir),
                s.duration(SHUTDOWN_TIMEOUT, SHUTDOWN_TIMEOUT_DEFAULT),
                s.bool(MODEL_FREEZE, MODEL_FREEZE_DEFAULT),
                parse(DECODE_MODE, s.string(DECODE_MODE, DECODE_MODE_DEFAULT.toString()), DecodeMode::parse),
                s.bool(DEDUP, DEDUP_DEFAULT),
                new SessionThreads(s.integer(TF_INTRA_OP_THREADS, 0, 0, 1024), s.integer(TF_INTER_OP_THREADS, 0, 0, 1024)),
                modelStreams);
    }

    /** The same configuration reaching S3 another way (embedded servers and tests give keys in code). */
    public WorkerConfig withS3(S3Settings s3) {
        return new WorkerConfig(kafka, topics, groupId, model, labels, modelName, modelVersion, modelSignature,
                maxBatchSize, maxBatchDelay, maxInFlight, decodeThreads, fetchThreads, topK, device, maxImageBytes,
                maxImagePixels, fileRoots, httpAllow, httpTimeout, workerId, s3, cacheDir, shutdownTimeout, modelFreeze,
                decodeMode, dedup, modelThreads, modelStreams);
    }

    /** The same configuration with another model-freezing and decode choice (the benchmark compares them). */
    public WorkerConfig withTuning(boolean modelFreeze, DecodeMode decodeMode) {
        return new WorkerConfig(kafka, topics, groupId, model, labels, modelName, modelVersion, modelSignature,
                maxBatchSize, maxBatchDelay, maxInFlight, decodeThreads, fetchThreads, topK, device, maxImageBytes,
                maxImagePixels, fileRoots, httpAllow, httpTimeout, workerId, s3, cacheDir, shutdownTimeout, modelFreeze,
                decodeMode, dedup, modelThreads, modelStreams);
    }

    public ModelSpec modelSpec() {
        return new ModelSpec(model, labels, modelName, modelVersion, modelSignature, device, cacheDir, modelThreads);
    }

    /** The producer's transactional.id: stable for this process, different from every other worker's. */
    public String transactionalId() {
        return "breedline-worker-" + workerId;
    }

    public static int decodeThreadsDefault() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** {@code ~/.cache/breedline}, where TensorFlow's natives are extracted too. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "breedline");
    }

    // Host, process and a random part: two workers on one host, or one restarted quickly, never share a
    // transactional.id (sharing one would make them fence each other).
    static String defaultWorkerId(Settings s) {
        String host = s.optional("HOSTNAME").orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                return "worker";
            }
        });
        String id = host + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        String clean = NOT_ID_CHARS.matcher(id).replaceAll("_");
        return clean.length() > 200 ? clean.substring(clean.length() - 200) : clean;
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage() == null ? "is not valid" : "is not valid: " + e.getMessage());
        }
    }

    private static void notBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(name, null, "must not be empty");
        }
    }

    private static void between(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(name, Long.toString(value), "must be between " + min + " and " + max);
        }
    }
}
