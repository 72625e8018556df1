package io.breedline.sink.objects;

import io.breedline.clients.config.ConfigException;
import io.breedline.sink.objects.parquet.ParquetObjects;
import java.util.Locale;
import java.util.function.Supplier;

/** The formats objects are written in: {@value #VARIABLE} = {@code jsonl} (default) or {@code parquet}. */
public enum ResultFormat {
    JSONL(JsonLinesFormat::new),
    PARQUET(ParquetObjects::new);

    public static final String VARIABLE = "BREEDLINE_SINK_FORMAT";

    private final Supplier<ObjectFormat> factory;

    ResultFormat(Supplier<ObjectFormat> factory) {
        this.factory = factory;
    }

    public ObjectFormat create() {
        return factory.get();
    }

    /** @param where the variable or option the value came from, for the error */
    public static ResultFormat parse(String value, String where) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where, value, "must be jsonl or parquet");
        }
    }
}
