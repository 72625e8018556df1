package io.breedline.worker;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.Topics;
import io.breedline.worker.decode.DecodeMode;
import io.breedline.worker.decode.helper.HelperOptions;
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
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything a worker needs, read once from {@code BREEDLINE_*} variables, so a bad value stops the worker at start-up
 * with the variable's name instead of failing later on some image. {@link #from} only reads and parses; every bound
 * is checked once, in the constructors of the parts below, which is also where a configuration built in code is
 * checked. Each value is documented in docs/configuration.md (README's configuration table until it moves there);
 * measured effects of the tuning values are in BENCHMARKS.md.
 *
 * @param kafka {@code BREEDLINE_KAFKA_*} (see {@link KafkaSettings})
 * @param s3 {@code BREEDLINE_S3_*} (see {@link S3Settings})
 * @param group how this worker takes part in the consumer group
 * @param batching how images are gathered into model calls
 * @param intake how images are fetched and decoded, and the limits hostile input meets
 * @param model which model is served, and how
 * @param dedup {@value #DEDUP}: skip a reference whose image is already labeled for its ETag (or version) by this model
 *     version (see {@link io.breedline.worker.dedup.Dedup}); false labels everything again, still recording marks
 */
public record WorkerConfig(KafkaSettings kafka, S3Settings s3, Group group, Batching batching, Intake intake,
        Model model, boolean dedup) {

    public static final String GROUP_ID = "BREEDLINE_GROUP_ID";
    public static final String WORKER_ID = "BREEDLINE_WORKER_ID";
    public static final String SHUTDOWN_TIMEOUT = "BREEDLINE_SHUTDOWN_TIMEOUT";
    public static final String MAX_BATCH_SIZE = "BREEDLINE_MAX_BATCH_SIZE";
    public static final String MAX_BATCH_DELAY = "BREEDLINE_MAX_BATCH_DELAY";
    public static final String MAX_IN_FLIGHT = "BREEDLINE_MAX_IN_FLIGHT";
    public static final String MODEL_STREAMS = "BREEDLINE_MODEL_STREAMS";
    public static final String FETCH_THREADS = "BREEDLINE_FETCH_THREADS";
    public static final String DECODE_THREADS = "BREEDLINE_DECODE_THREADS";
    public static final String MAX_IMAGE_BYTES = "BREEDLINE_MAX_IMAGE_BYTES";
    public static final String MAX_IMAGE_PIXELS = "BREEDLINE_MAX_IMAGE_PIXELS";
    public static final String FILE_ROOTS = "BREEDLINE_FILE_ROOTS";
    public static final String HTTP_ALLOW = "BREEDLINE_HTTP_ALLOW";
    public static final String HTTP_TIMEOUT = "BREEDLINE_HTTP_TIMEOUT";
    public static final String DECODE_MODE = "BREEDLINE_DECODE_MODE";
    public static final String MODEL = "BREEDLINE_MODEL";
    public static final String LABELS = "BREEDLINE_LABELS";
    public static final String MODEL_NAME = "BREEDLINE_MODEL_NAME";
    public static final String MODEL_VERSION = "BREEDLINE_MODEL_VERSION";
    public static final String MODEL_SIGNATURE = "BREEDLINE_MODEL_SIGNATURE";
    public static final String DEVICE = DeviceChoice.ENV;
    public static final String CACHE_DIR = "BREEDLINE_CACHE_DIR";
    public static final String TF_INTRA_OP_THREADS = "BREEDLINE_TF_INTRA_OP_THREADS";
    public static final String TF_INTER_OP_THREADS = "BREEDLINE_TF_INTER_OP_THREADS";
    public static final String TOP_K = "BREEDLINE_TOP_K";
    public static final String DEDUP = "BREEDLINE_DEDUP";
    public static final String CALIBRATION = "BREEDLINE_CALIBRATION";

    public static final String GROUP_ID_DEFAULT = "breedline-workers";
    public static final Duration SHUTDOWN_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    public static final int MAX_BATCH_SIZE_DEFAULT = 32;
    public static final Duration MAX_BATCH_DELAY_DEFAULT = Duration.ofMillis(200);
    public static final int MODEL_STREAMS_DEFAULT = 1;
    public static final int FETCH_THREADS_DEFAULT = 16;
    public static final long MAX_IMAGE_BYTES_DEFAULT = 50L * 1024 * 1024;
    public static final long MAX_IMAGE_PIXELS_DEFAULT = 100_000_000L;
    public static final Duration HTTP_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    public static final DecodeMode DECODE_MODE_DEFAULT = DecodeMode.DEFAULT;
    public static final String MODEL_SIGNATURE_DEFAULT = "serving_default";
    public static final String DEVICE_DEFAULT = "auto";
    public static final int TOP_K_DEFAULT = 5;
    public static final boolean DEDUP_DEFAULT = true;
    public static final boolean CALIBRATION_DEFAULT = true;

    static final int MAX_BATCH_SIZE_LIMIT = 4096;
    static final Duration MAX_BATCH_DELAY_LIMIT = Duration.ofMinutes(1);
    static final int MAX_IN_FLIGHT_LIMIT = 100_000;
    static final int MODEL_STREAMS_LIMIT = 16;
    static final int FETCH_THREADS_LIMIT = 4096;
    static final int DECODE_THREADS_LIMIT = 1024;
    // A byte[] holds at most this many bytes.
    static final long MAX_IMAGE_BYTES_LIMIT = Integer.MAX_VALUE - 16;
    static final int TF_THREADS_LIMIT = 1024;
    static final int TOP_K_LIMIT = 100_000;
    private static final Pattern WORKER_ID_FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Pattern NOT_ID_CHARS = Pattern.compile("[^A-Za-z0-9._-]");

    public WorkerConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(intake, "intake");
        Objects.requireNonNull(model, "model");
    }

    /**
     * @param groupId {@value #GROUP_ID}, the consumer group all workers share
     * @param workerId {@value #WORKER_ID}, unique per process; the producer's transactional.id is
     *     {@code breedline-worker-<id>}
     * @param shutdownTimeout {@value #SHUTDOWN_TIMEOUT}, how long a stopping worker keeps publishing what it has in
     *     flight
     */
    public record Group(Topics topics, String groupId, String workerId, Duration shutdownTimeout) {
        public Group {
            Objects.requireNonNull(topics, "topics");
            notBlank(GROUP_ID, groupId);
            Objects.requireNonNull(workerId, WORKER_ID);
            if (!WORKER_ID_FORMAT.matcher(workerId).matches()) {
                throw new ConfigException(WORKER_ID, workerId, "must be 1 to 200 letters, digits, '.', '_' or '-'");
            }
            positive(SHUTDOWN_TIMEOUT, shutdownTimeout);
        }

        /** The producer's transactional.id: stable for this process, different from every other worker's. */
        public String transactionalId() {
            return "breedline-worker-" + workerId;
        }
    }

    /**
     * @param maxBatchSize {@value #MAX_BATCH_SIZE}, images per model call at most
     * @param maxBatchDelay {@value #MAX_BATCH_DELAY}, how long the oldest image waits for its batch to fill
     * @param maxInFlight {@value #MAX_IN_FLIGHT}, records polled but not yet published before the worker pauses its
     *     partitions (default: {@link #maxInFlightDefault})
     * @param modelStreams {@value #MODEL_STREAMS}, batches in the model at once, each on its own inference thread: on
     *     a CPU a second batch can fill the gaps TensorFlow leaves between the operations of the first, at the memory
     *     of a second batch in flight
     */
    public record Batching(int maxBatchSize, Duration maxBatchDelay, int maxInFlight, int modelStreams) {
        public Batching {
            between(MAX_BATCH_SIZE, maxBatchSize, 1, MAX_BATCH_SIZE_LIMIT);
            Objects.requireNonNull(maxBatchDelay, MAX_BATCH_DELAY);
            if (maxBatchDelay.isNegative() || maxBatchDelay.compareTo(MAX_BATCH_DELAY_LIMIT) > 0) {
                throw new ConfigException(MAX_BATCH_DELAY, maxBatchDelay.toString(),
                        "must be between 0 and " + MAX_BATCH_DELAY_LIMIT);
            }
            if (maxInFlight < maxBatchSize) {
                throw new ConfigException(MAX_IN_FLIGHT, Integer.toString(maxInFlight),
                        "must be at least " + MAX_BATCH_SIZE + " (" + maxBatchSize + "), or batches could never fill");
            }
            between(MAX_IN_FLIGHT, maxInFlight, 1, MAX_IN_FLIGHT_LIMIT);
            between(MODEL_STREAMS, modelStreams, 1, MODEL_STREAMS_LIMIT);
        }

        /**
         * A full batch in every stream and one more being prepared, so the model never waits for the next; at least
         * one record per fetch thread, so none idles.
         */
        public static int maxInFlightDefault(int maxBatchSize, int modelStreams, int fetchThreads) {
            return Math.max((modelStreams + 1) * maxBatchSize, fetchThreads);
        }
    }

    /**
     * @param fetchThreads {@value #FETCH_THREADS}, threads reading from S3, files or http(s) (I/O bound)
     * @param decodeThreads {@value #DECODE_THREADS}, threads decoding and resizing (CPU bound; default
     *     {@link #decodeThreadsDefault})
     * @param maxImageBytes {@value #MAX_IMAGE_BYTES}, larger objects are dead-lettered unread
     * @param maxImagePixels {@value #MAX_IMAGE_PIXELS}, larger images are dead-lettered before decoding
     * @param fileRoots {@value #FILE_ROOTS}, directories local images may come from (unset or {@code none}: no
     *     local files)
     * @param httpAllow {@value #HTTP_ALLOW}, comma-separated http(s) URL prefixes images may be fetched from (empty:
     *     none)
     * @param httpTimeout {@value #HTTP_TIMEOUT}, bound on fetching one http(s) image, redirects and body included
     * @param decodeMode {@value #DECODE_MODE}: {@code fast} decodes JPEGs at least twice the model input, scaled down
     *     in the DCT domain; {@code exact} decodes every image at full size
     * @param decoding how the exact path decodes ({@link HelperOptions}: in helper processes with a time limit; libheif's and
     *     libwebp's names)
     */
    public record Intake(int fetchThreads, int decodeThreads, long maxImageBytes, long maxImagePixels,
            FileRoots fileRoots, HttpAllowList httpAllow, Duration httpTimeout, DecodeMode decodeMode,
            HelperOptions decoding) {
        public Intake {
            between(FETCH_THREADS, fetchThreads, 1, FETCH_THREADS_LIMIT);
            between(DECODE_THREADS, decodeThreads, 1, DECODE_THREADS_LIMIT);
            between(MAX_IMAGE_BYTES, maxImageBytes, 1, MAX_IMAGE_BYTES_LIMIT);
            between(MAX_IMAGE_PIXELS, maxImagePixels, 1, Long.MAX_VALUE);
            Objects.requireNonNull(fileRoots, FILE_ROOTS);
            Objects.requireNonNull(httpAllow, HTTP_ALLOW);
            positive(HTTP_TIMEOUT, httpTimeout);
            Objects.requireNonNull(decodeMode, DECODE_MODE);
            Objects.requireNonNull(decoding, HelperOptions.TIMEOUT);
        }

        public Intake withDecodeMode(DecodeMode mode) {
            return new Intake(fetchThreads, decodeThreads, maxImageBytes, maxImagePixels, fileRoots, httpAllow,
                    httpTimeout, mode, decoding);
        }
    }

    /**
     * @param spec {@value #MODEL} (a SavedModel directory, its saved_model.pb, an archive of one, a file in a registered
     *     format or an {@code s3://} location; prepared once into the cache; required), {@value #LABELS}, {@value #MODEL_NAME}, {@value #MODEL_VERSION},
     *     {@value #MODEL_SIGNATURE}, {@value #DEVICE} (auto, cpu, gpu or gpu:N), {@value #CACHE_DIR} and TensorFlow's
     *     thread pools {@value #TF_INTRA_OP_THREADS} and {@value #TF_INTER_OP_THREADS} (0: one thread per core; on a
     *     CPU worker these and the decode threads share the cores); see {@link ModelSpec}
     * @param topK {@value #TOP_K}, classes reported per image
     * @param calibration {@value #CALIBRATION}: apply the calibration saved for the served model version in the cache
     *     ({@code <cacheDir>/calibration/}, written by {@code evaluate --calibrate}) when there is one; false serves
     *     raw probabilities ({@code evaluate} itself runs so, as it must see what the model outputs)
     */
    public record Model(ModelSpec spec, int topK, boolean calibration) {
        public Model {
            Objects.requireNonNull(spec, MODEL);
            notBlank(MODEL, spec.model());
            notBlank(MODEL_SIGNATURE, spec.signature());
            spec.name().ifPresent(v -> notBlank(MODEL_NAME, v));
            spec.version().ifPresent(v -> notBlank(MODEL_VERSION, v));
            between(TF_INTRA_OP_THREADS, spec.threads().intraOp(), 0, TF_THREADS_LIMIT);
            between(TF_INTER_OP_THREADS, spec.threads().interOp(), 0, TF_THREADS_LIMIT);
            between(TOP_K, topK, 1, TOP_K_LIMIT);
        }

        /** Applying a saved calibration. */
        public Model(ModelSpec spec, int topK) {
            this(spec, topK, CALIBRATION_DEFAULT);
        }
    }

    /** Reads every variable; the parts' constructors check the values. */
    public static WorkerConfig from(Settings s) {
        Topics topics;
        try {
            topics = Topics.fromEnv(s.asMap());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Group group = new Group(topics, s.string(GROUP_ID, GROUP_ID_DEFAULT),
                s.optional(WORKER_ID).orElseGet(() -> defaultWorkerId(s)),
                s.duration(SHUTDOWN_TIMEOUT, SHUTDOWN_TIMEOUT_DEFAULT));
        int fetchThreads = anyInt(s, FETCH_THREADS, FETCH_THREADS_DEFAULT);
        int maxBatchSize = anyInt(s, MAX_BATCH_SIZE, MAX_BATCH_SIZE_DEFAULT);
        int modelStreams = anyInt(s, MODEL_STREAMS, MODEL_STREAMS_DEFAULT);
        Batching batching = new Batching(maxBatchSize, s.duration(MAX_BATCH_DELAY, MAX_BATCH_DELAY_DEFAULT),
                anyInt(s, MAX_IN_FLIGHT, Batching.maxInFlightDefault(maxBatchSize, modelStreams, fetchThreads)),
                modelStreams);
        Intake intake = new Intake(fetchThreads, anyInt(s, DECODE_THREADS, decodeThreadsDefault()),
                anyLong(s, MAX_IMAGE_BYTES, MAX_IMAGE_BYTES_DEFAULT), anyLong(s, MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS_DEFAULT),
                parse(FILE_ROOTS, s.string(FILE_ROOTS, ""), FileRoots::parse),
                parse(HTTP_ALLOW, s.string(HTTP_ALLOW, ""), HttpAllowList::parse),
                s.duration(HTTP_TIMEOUT, HTTP_TIMEOUT_DEFAULT),
                parse(DECODE_MODE, s.string(DECODE_MODE, DECODE_MODE_DEFAULT.toString()), DecodeMode::parse),
                HelperOptions.from(s));
        ModelSpec spec = new ModelSpec(s.required(MODEL), s.path(LABELS), s.optional(MODEL_NAME),
                s.optional(MODEL_VERSION), s.string(MODEL_SIGNATURE, MODEL_SIGNATURE_DEFAULT),
                parse(DEVICE, s.string(DEVICE, DEVICE_DEFAULT), DeviceChoice::parse),
                s.path(CACHE_DIR).orElseGet(WorkerConfig::defaultCacheDir),
                sessionThreads(anyInt(s, TF_INTRA_OP_THREADS, 0), anyInt(s, TF_INTER_OP_THREADS, 0)));
        Model model = new Model(spec, anyInt(s, TOP_K, TOP_K_DEFAULT), s.bool(CALIBRATION, CALIBRATION_DEFAULT));
        return new WorkerConfig(KafkaSettings.from(s), S3Settings.from(s), group, batching, intake, model,
                s.bool(DEDUP, DEDUP_DEFAULT));
    }

    /** The same configuration reaching S3 another way (embedded servers and tests give keys in code). */
    public WorkerConfig withS3(S3Settings newS3) {
        return new WorkerConfig(kafka, newS3, group, batching, intake, model, dedup);
    }

    public WorkerConfig withBatching(Batching newBatching) {
        return new WorkerConfig(kafka, s3, group, newBatching, intake, model, dedup);
    }

    public WorkerConfig withIntake(Intake newIntake) {
        return new WorkerConfig(kafka, s3, group, batching, newIntake, model, dedup);
    }

    public WorkerConfig withModel(Model newModel) {
        return new WorkerConfig(kafka, s3, group, batching, intake, newModel, dedup);
    }

    public String workerId() {
        return group.workerId();
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

    // Parsing only: the bounds are the constructors' to check, so they are written once.
    private static int anyInt(Settings s, String name, int defaultValue) {
        return s.integer(name, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long anyLong(Settings s, String name, long defaultValue) {
        return s.longValue(name, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static SessionThreads sessionThreads(int intraOp, int interOp) {
        String name = intraOp < 0 ? TF_INTRA_OP_THREADS : TF_INTER_OP_THREADS;
        return parse(name, intraOp < 0 ? intraOp : interOp, v -> new SessionThreads(intraOp, interOp));
    }

    private static <I, T> T parse(String name, I value, Function<I, T> parser) {
        try {
            return parser.apply(value);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, String.valueOf(value),
                    e.getMessage() == null ? "is not valid" : "is not valid: " + e.getMessage());
        }
    }

    private static void notBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(name, null, "must not be empty");
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(name, value.toString(), "must be positive");
        }
    }

    private static void between(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(name, Long.toString(value), "must be between " + min + " and " + max);
        }
    }
}
