package io.breedline.clients.config;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every {@code BREEDLINE_*} variable some Breedline program reads, so that a misspelt one ({@code
 * BREEDLINE_MAX_BATCHSIZE}) stops a service at start-up instead of being silently ignored. Known to any service, not
 * only to the one starting: one environment file may serve several services. Families passed through to a library
 * ({@code BREEDLINE_KAFKA_*} becomes Kafka client properties) stay open; the Kafka client itself warns about a property
 * it does not know.
 *
 * <p>A new variable must be added here; {@code KnownVariablesTest} reads every module's sources and fails on a
 * {@code BREEDLINE_*} name in them that this list lacks.
 */
public final class KnownVariables {
    public static final String PREFIX = "BREEDLINE_";
    /** Passed through to a client library: any name under these is accepted. */
    public static final List<String> OPEN_FAMILIES = List.of("BREEDLINE_KAFKA_");

    static final Set<String> NAMES = Set.of(
            // every service
            "BREEDLINE_TOPIC_IMAGES", "BREEDLINE_TOPIC_PRIORITY", "BREEDLINE_TOPIC_PREDICTIONS",
            "BREEDLINE_TOPIC_DEAD_LETTERS", "BREEDLINE_TOPIC_LABELED", "BREEDLINE_TOPIC_JOBS", "BREEDLINE_OPS_PORT",
            "BREEDLINE_STARTUP_TIMEOUT",
            "BREEDLINE_LOG_FORMAT", "BREEDLINE_LOG_LEVEL", "BREEDLINE_JAVA_OPTS", "BREEDLINE_CACHE_DIR",
            "BREEDLINE_S3_ENDPOINT", "BREEDLINE_S3_REGION", "BREEDLINE_S3_PATH_STYLE", "BREEDLINE_S3_MAX_CONNECTIONS",
            "BREEDLINE_S3_API_CALL_TIMEOUT", "BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT", "BREEDLINE_S3_MAX_ATTEMPTS",
            // worker
            "BREEDLINE_GROUP_ID", "BREEDLINE_WORKER_ID", "BREEDLINE_MODEL", "BREEDLINE_LABELS", "BREEDLINE_MODEL_NAME",
            "BREEDLINE_MODEL_VERSION", "BREEDLINE_MODEL_SIGNATURE", "BREEDLINE_MODEL_STREAMS",
            "BREEDLINE_MAX_BATCH_SIZE", "BREEDLINE_MAX_BATCH_DELAY", "BREEDLINE_MAX_IN_FLIGHT",
            "BREEDLINE_DECODE_THREADS", "BREEDLINE_DECODE_MODE", "BREEDLINE_FETCH_THREADS", "BREEDLINE_TOP_K",
            "BREEDLINE_DEVICE", "BREEDLINE_MAX_IMAGE_BYTES", "BREEDLINE_MAX_IMAGE_PIXELS", "BREEDLINE_FILE_ROOTS",
            "BREEDLINE_HTTP_ALLOW", "BREEDLINE_HTTP_TIMEOUT", "BREEDLINE_SHUTDOWN_TIMEOUT", "BREEDLINE_DEDUP", "BREEDLINE_CALIBRATION",
            "BREEDLINE_TF_INTRA_OP_THREADS", "BREEDLINE_TF_INTER_OP_THREADS", "BREEDLINE_DECODE_TIMEOUT",
            "BREEDLINE_LIBHEIF", "BREEDLINE_LIBWEBP",
            // results sink
            "BREEDLINE_SINK_TARGET", "BREEDLINE_SINK_ID", "BREEDLINE_SINK_GROUP_ID", "BREEDLINE_SINK_MAX_POLL_RECORDS",
            "BREEDLINE_SINK_POLL_TIMEOUT", "BREEDLINE_SINK_RETRY_BACKOFF_INITIAL", "BREEDLINE_SINK_RETRY_BACKOFF_MAX",
            "BREEDLINE_SINK_JDBC_URL", "BREEDLINE_SINK_JDBC_USER", "BREEDLINE_SINK_JDBC_PASSWORD",
            "BREEDLINE_SINK_S3_URI", "BREEDLINE_SINK_S3_FLUSH_RECORDS", "BREEDLINE_SINK_S3_FLUSH_INTERVAL",
            "BREEDLINE_SINK_FOLDER", "BREEDLINE_SINK_FORMAT",
            // ingest and its trigger
            "BREEDLINE_INGEST_SOURCE", "BREEDLINE_INGEST_MODE", "BREEDLINE_INGEST_EXTENSIONS",
            "BREEDLINE_INGEST_PROGRESS_INTERVAL", "BREEDLINE_INGEST_S3_PAGE_SIZE", "BREEDLINE_JOB_ID",
            "BREEDLINE_TRIGGER_GROUP_ID", "BREEDLINE_TRIGGER_HTTP_BIND", "BREEDLINE_TRIGGER_HTTP_PORT",
            "BREEDLINE_TRIGGER_INSTANCE_ID", "BREEDLINE_TRIGGER_KAFKA_TOPIC", "BREEDLINE_TRIGGER_PREFIX",
            "BREEDLINE_TRIGGER_SNS_HOSTS", "BREEDLINE_TRIGGER_SNS_VERIFY", "BREEDLINE_TRIGGER_SQS_ENDPOINT",
            "BREEDLINE_TRIGGER_SQS_QUEUE_URL", "BREEDLINE_TRIGGER_SQS_REGION", "BREEDLINE_TRIGGER_SQS_VISIBILITY_TIMEOUT",
            "BREEDLINE_TRIGGER_SQS_WAIT", "BREEDLINE_TRIGGER_SUFFIXES", "BREEDLINE_TRIGGER_TOKEN",
            // web
            "BREEDLINE_WEB_BIND", "BREEDLINE_WEB_PORT", "BREEDLINE_WEB_MAX_UPLOAD_BYTES", "BREEDLINE_WEB_MAX_UPLOAD_PIXELS",
            "BREEDLINE_WEB_PREDICT_TIMEOUT", "BREEDLINE_WEB_THUMBNAIL_CACHE_BYTES", "BREEDLINE_WEB_THUMBNAIL_DIR",
            "BREEDLINE_WEB_REPORTS",
            "BREEDLINE_WEB_TOKEN", "BREEDLINE_WEB_UPLOAD_DIR", "BREEDLINE_WEB_UPLOAD_S3",
            // tests, fault injection and the test-model builders (the Python that writes Keras files)
            "BREEDLINE_TEST_SERVERS", "BREEDLINE_FAILPOINT", "BREEDLINE_PYTHON");

    private KnownVariables() {}

    /** Whether {@code name} is a known variable or in an open family. */
    public static boolean known(String name) {
        return NAMES.contains(name) || OPEN_FAMILIES.stream().anyMatch(name::startsWith);
    }

    /** Refuses the first unknown {@code BREEDLINE_*} name of {@code environment}, naming the closest known one. */
    public static void check(Map<String, String> environment) {
        for (String name : new TreeSet<>(environment.keySet())) {
            if (name.startsWith(PREFIX) && !known(name)) {
                throw new ConfigException(name + " is not a Breedline setting (the closest is " + closest(name)
                        + ")");
            }
        }
    }

    static String closest(String name) {
        return NAMES.stream().min(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k))
                .orElseThrow();
    }

    // Levenshtein distance: a few lines, where a library for one function would add a dependency to every service.
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
