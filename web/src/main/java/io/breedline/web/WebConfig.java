package io.breedline.web;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.clients.s3.S3Location;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.Topics;
import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.decode.DecodeMode;
import io.breedline.worker.fetch.FileRoots;
import io.breedline.worker.fetch.HttpAllowList;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the web application needs, validated once. Fetching (file roots, S3, HTTP allow list, decode mode) takes the
 * worker's own variables, so a thumbnail reads exactly what the worker may read.
 *
 * @param bind {@value #BIND}, default {@value #BIND_DEFAULT}; any other address needs {@code token}
 * @param port {@value #PORT}, default {@value #PORT_DEFAULT}; 0 any free port
 * @param token {@value #TOKEN}: 16+ characters; required unless bound to a loopback address; never logged
 * @param maxUploadBytes {@value #MAX_UPLOAD_BYTES}
 * @param maxUploadPixels {@value #MAX_UPLOAD_PIXELS}: width x height an upload may declare
 * @param predictTimeout {@value #PREDICT_TIMEOUT}: how long an upload waits for the pipeline's answer
 * @param uploadDir {@value #UPLOAD_DIR}: where uploads are kept for the worker to read
 * @param uploadS3 {@value #UPLOAD_S3}: {@code s3://bucket/prefix} for uploads instead of {@code uploadDir} (a deployment)
 * @param thumbnailDir {@value #THUMBNAIL_DIR}
 * @param thumbnailCacheBytes {@value #THUMBNAIL_CACHE_BYTES}: the thumbnail cache's size cap
 * @param fileRoots {@code BREEDLINE_FILE_ROOTS} when set; else the launcher chooses (see {@code FileRootsGuess})
 * @param reportsDir {@value #REPORTS}: the folder of evaluation reports the page lists ({@code evaluate --out} writes
 *     one; this folder may be one, or hold several as subfolders)
 */
public record WebConfig(
        String bind,
        int port,
        Optional<String> token,
        long maxUploadBytes,
        long maxUploadPixels,
        Duration predictTimeout,
        Path uploadDir,
        Optional<S3Location> uploadS3,
        Path thumbnailDir,
        long thumbnailCacheBytes,
        Optional<FileRoots> fileRoots,
        HttpAllowList httpAllow,
        DecodeMode decodeMode,
        S3Settings s3,
        KafkaSettings kafka,
        Topics topics,
        JdbcTarget database,
        Path reportsDir) {
    public static final String BIND = "BREEDLINE_WEB_BIND";
    public static final String PORT = "BREEDLINE_WEB_PORT";
    public static final String TOKEN = "BREEDLINE_WEB_TOKEN";
    public static final String MAX_UPLOAD_BYTES = "BREEDLINE_WEB_MAX_UPLOAD_BYTES";
    public static final String MAX_UPLOAD_PIXELS = "BREEDLINE_WEB_MAX_UPLOAD_PIXELS";
    public static final String PREDICT_TIMEOUT = "BREEDLINE_WEB_PREDICT_TIMEOUT";
    public static final String UPLOAD_DIR = "BREEDLINE_WEB_UPLOAD_DIR";
    public static final String UPLOAD_S3 = "BREEDLINE_WEB_UPLOAD_S3";
    public static final String THUMBNAIL_DIR = "BREEDLINE_WEB_THUMBNAIL_DIR";
    public static final String THUMBNAIL_CACHE_BYTES = "BREEDLINE_WEB_THUMBNAIL_CACHE_BYTES";
    public static final String REPORTS = "BREEDLINE_WEB_REPORTS";

    public static final String BIND_DEFAULT = "127.0.0.1";
    public static final int PORT_DEFAULT = 8080;
    public static final long MAX_UPLOAD_BYTES_DEFAULT = 20L * 1024 * 1024;
    public static final long MAX_UPLOAD_PIXELS_DEFAULT = 50_000_000L;
    public static final Duration PREDICT_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
    public static final String UPLOAD_DIR_DEFAULT = "breedline-results/uploads";
    public static final long THUMBNAIL_CACHE_BYTES_DEFAULT = 256L * 1024 * 1024;
    /** Where {@code ./breedline evaluate} writes by default. */
    public static final String REPORTS_DEFAULT = "breedline-evaluation";
    static final int TOKEN_MIN_LENGTH = 16;

    public WebConfig {
        Objects.requireNonNull(bind, BIND);
        Objects.requireNonNull(token, TOKEN);
        if (port < 0 || port > 65535) {
            throw new ConfigException(PORT, String.valueOf(port), "must be 0 to 65535");
        }
        if (token.isPresent() && token.get().length() < TOKEN_MIN_LENGTH) {
            throw new ConfigException(TOKEN + " must be at least " + TOKEN_MIN_LENGTH + " characters long");
        }
        if (!isLoopback(bind) && token.isEmpty()) {
            throw new ConfigException(BIND + "=" + bind + " serves beyond this machine: set " + TOKEN
                    + " (" + TOKEN_MIN_LENGTH + "+ characters) so that only people given it get in");
        }
        uploadDir = uploadDir.toAbsolutePath().normalize();
        thumbnailDir = thumbnailDir.toAbsolutePath().normalize();
        reportsDir = Objects.requireNonNull(reportsDir, REPORTS).toAbsolutePath().normalize();
    }

    public static WebConfig from(Settings s) {
        String roots = s.string(WorkerConfig.FILE_ROOTS, "");
        Path cache = s.path(WorkerConfig.CACHE_DIR).orElse(Path.of(System.getProperty("user.home"), ".cache", "breedline"));
        return new WebConfig(
                s.string(BIND, BIND_DEFAULT),
                s.integer(PORT, PORT_DEFAULT, 0, 65535),
                s.optional(TOKEN).filter(t -> !t.isBlank()),
                s.longValue(MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES_DEFAULT, 1024, 1L << 30),
                s.longValue(MAX_UPLOAD_PIXELS, MAX_UPLOAD_PIXELS_DEFAULT, 1, 1L << 31),
                s.duration(PREDICT_TIMEOUT, PREDICT_TIMEOUT_DEFAULT),
                s.path(UPLOAD_DIR).orElse(Path.of(UPLOAD_DIR_DEFAULT)),
                s.optional(UPLOAD_S3).filter(v -> !v.isBlank()).map(WebConfig::s3Location),
                s.path(THUMBNAIL_DIR).orElse(cache.resolve("web-thumbnails")),
                s.longValue(THUMBNAIL_CACHE_BYTES, THUMBNAIL_CACHE_BYTES_DEFAULT, 1024 * 1024, Long.MAX_VALUE),
                roots.isBlank() ? Optional.empty() : Optional.of(parse(WorkerConfig.FILE_ROOTS, roots)),
                HttpAllowList.parse(s.string(WorkerConfig.HTTP_ALLOW, "")),
                DecodeMode.parse(s.string(WorkerConfig.DECODE_MODE, WorkerConfig.DECODE_MODE_DEFAULT.toString())),
                S3Settings.from(s),
                KafkaSettings.from(s),
                Topics.fromEnv(s.asMap()),
                JdbcTarget.from(s),
                s.path(REPORTS).orElse(Path.of(REPORTS_DEFAULT)));
    }

    public WebConfig withPort(int newPort) {
        return new WebConfig(bind, newPort, token, maxUploadBytes, maxUploadPixels, predictTimeout, uploadDir, uploadS3, thumbnailDir,
                thumbnailCacheBytes, fileRoots, httpAllow, decodeMode, s3, kafka, topics, database, reportsDir);
    }

    public WebConfig withFileRoots(FileRoots roots) {
        return new WebConfig(bind, port, token, maxUploadBytes, maxUploadPixels, predictTimeout, uploadDir, uploadS3, thumbnailDir,
                thumbnailCacheBytes, Optional.of(roots), httpAllow, decodeMode, s3, kafka, topics, database, reportsDir);
    }

    public boolean loopbackOnly() {
        return isLoopback(bind);
    }

    private static S3Location s3Location(String value) {
        if (!S3Location.isS3(value)) {
            throw new ConfigException(UPLOAD_S3, value, "must be s3://bucket/prefix");
        }
        try {
            return S3Location.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(UPLOAD_S3, value, e.getMessage());
        }
    }

    private static FileRoots parse(String name, String value) {
        try {
            return FileRoots.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Literal addresses only: a host name is not resolved here, and counts as not loopback.
            if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
                return false;
            }
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(BIND, host, "is not an address: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "WebConfig[bind=" + bind + ", port=" + port + ", token=" + (token.isPresent() ? "****" : "none")
                + ", database=" + database.safeUrl() + ", uploads=" + uploadS3.map(l -> "s3://" + l.bucket() + "/" + l.key()).orElse(uploadDir.toString()) + "]";
    }
}
