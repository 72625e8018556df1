package io.breedline.sink.s3;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Location;
import io.breedline.clients.s3.S3Settings;
import io.breedline.sink.objects.ObjectStore;
import io.breedline.sink.objects.ResultFormat;
import io.breedline.sink.objects.WindowedObjectWriter;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.SinkTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * JSON Lines or Parquet objects under an S3 prefix.
 *
 * @param location {@value #URI}: {@code s3://bucket/prefix}
 * @param format {@value ResultFormat#VARIABLE}: {@code jsonl} (default) or {@code parquet}
 * @param s3 how to reach S3 ({@code BREEDLINE_S3_*})
 * @param flushRecords {@value #FLUSH_RECORDS}: offsets per object, so at most this many records per object
 * @param flushInterval {@value #FLUSH_INTERVAL}: how long records may wait before a partial object is made visible
 */
public record S3Target(S3Location location, ResultFormat format, S3Settings s3, int flushRecords, Duration flushInterval)
        implements SinkTarget {
    public static final String URI = "BREEDLINE_SINK_S3_URI";
    public static final String FLUSH_RECORDS = "BREEDLINE_SINK_S3_FLUSH_RECORDS";
    public static final String FLUSH_INTERVAL = "BREEDLINE_SINK_S3_FLUSH_INTERVAL";
    public static final int FLUSH_RECORDS_DEFAULT = 1000;
    public static final int FLUSH_RECORDS_MAX = 1_000_000;
    public static final Duration FLUSH_INTERVAL_DEFAULT = Duration.ofSeconds(10);

    /** JSON Lines objects, the default format. */
    public S3Target(S3Location location, S3Settings s3, int flushRecords, Duration flushInterval) {
        this(location, ResultFormat.JSONL, s3, flushRecords, flushInterval);
    }

    public S3Target {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(s3, "s3");
        if (flushRecords < 1 || flushRecords > FLUSH_RECORDS_MAX) {
            throw new ConfigException(FLUSH_RECORDS, String.valueOf(flushRecords), "must be between 1 and " + FLUSH_RECORDS_MAX);
        }
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new ConfigException(FLUSH_INTERVAL, String.valueOf(flushInterval), "must be a positive duration");
        }
    }

    public static S3Target from(Settings settings) {
        String uri = settings.required(URI);
        S3Location location;
        try {
            location = S3Location.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(URI, uri, "is not s3://bucket/prefix: " + e.getMessage());
        }
        return new S3Target(
                location,
                ResultFormat.parse(settings.string(ResultFormat.VARIABLE, "jsonl"), ResultFormat.VARIABLE),
                S3Settings.from(settings),
                settings.integer(FLUSH_RECORDS, FLUSH_RECORDS_DEFAULT, 1, FLUSH_RECORDS_MAX),
                settings.duration(FLUSH_INTERVAL, FLUSH_INTERVAL_DEFAULT));
    }

    @Override
    public ResultWriter createWriter(Clock clock) {
        ObjectStore store = new S3ObjectStore(S3Clients.create(s3), location.bucket(), true);
        return new WindowedObjectWriter(store, format.create(), location.key(), flushRecords, flushInterval);
    }
}
