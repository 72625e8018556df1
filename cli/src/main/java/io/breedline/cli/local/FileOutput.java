package io.breedline.cli.local;

import io.breedline.service.UserError;
import io.breedline.sink.objects.ResultFormat;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --output FORMAT:DIR}: the results also as files, laid out as the S3 sink lays out objects
 * ({@code DIR/<topic>/partition=<p>/<topic>+<p>+<offset>.<ext>}), beside the SQLite database the table is read from.
 */
public record FileOutput(ResultFormat format, Path folder) {

    public static FileOutput parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new UserError("--output " + spec + ": expected FORMAT:DIR, for example parquet:out or jsonl:out");
        }
        String format = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        ResultFormat parsed = switch (format) {
            case "parquet" -> ResultFormat.PARQUET;
            case "jsonl" -> ResultFormat.JSONL;
            default -> throw new UserError("--output " + spec + ": the format must be parquet or jsonl, not " + format);
        };
        return new FileOutput(parsed, Path.of(spec.substring(colon + 1)).toAbsolutePath().normalize());
    }

    /** Where each kind of result lands, for the summary: the folder of a topic's objects. */
    Path folderOf(String topic) {
        return folder.resolve(topic);
    }
}
