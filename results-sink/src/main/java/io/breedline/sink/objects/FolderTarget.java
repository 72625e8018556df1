package io.breedline.sink.objects;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.sink.s3.S3Target;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.SinkTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Result objects in a local folder, laid out and cut exactly as in S3 ({@link WindowedObjectWriter}): for
 * {@code ./breedline label --output parquet:DIR}, and for a sink whose output a shared file system collects.
 *
 * @param folder {@value #FOLDER}
 * @param format {@value ResultFormat#VARIABLE}
 * @param flushRecords offsets per object ({@value S3Target#FLUSH_RECORDS}, shared with the S3 target)
 * @param flushInterval when a partial object becomes visible ({@value S3Target#FLUSH_INTERVAL})
 */
public record FolderTarget(Path folder, ResultFormat format, int flushRecords, Duration flushInterval) implements SinkTarget {
    public static final String FOLDER = "BREEDLINE_SINK_FOLDER";

    public FolderTarget {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(format, "format");
        if (flushRecords < 1 || flushRecords > S3Target.FLUSH_RECORDS_MAX) {
            throw new ConfigException(S3Target.FLUSH_RECORDS, String.valueOf(flushRecords),
                    "must be between 1 and " + S3Target.FLUSH_RECORDS_MAX);
        }
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new ConfigException(S3Target.FLUSH_INTERVAL, String.valueOf(flushInterval), "must be a positive duration");
        }
    }

    public static FolderTarget from(Settings settings) {
        return new FolderTarget(
                Path.of(settings.required(FOLDER)),
                ResultFormat.parse(settings.string(ResultFormat.VARIABLE, "jsonl"), ResultFormat.VARIABLE),
                settings.integer(S3Target.FLUSH_RECORDS, S3Target.FLUSH_RECORDS_DEFAULT, 1, S3Target.FLUSH_RECORDS_MAX),
                settings.duration(S3Target.FLUSH_INTERVAL, S3Target.FLUSH_INTERVAL_DEFAULT));
    }

    @Override
    public ResultWriter createWriter(Clock clock) {
        return new WindowedObjectWriter(new FolderObjectStore(folder), format.create(), "", flushRecords, flushInterval);
    }
}
