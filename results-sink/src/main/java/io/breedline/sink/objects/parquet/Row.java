package io.breedline.sink.objects.parquet;

import java.time.Instant;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;

/**
 * Writes the fields of one group (a row, or a struct in a row) by name: Parquet's record API wants each field's index
 * beside its name, and taking it from the schema keeps the two from drifting apart. A null value leaves an optional
 * field unset.
 */
final class Row {
    private final RecordConsumer out;
    private final GroupType type;

    Row(RecordConsumer out, GroupType type) {
        this.out = out;
        this.type = type;
    }

    Row string(String field, String value) {
        if (value != null) {
            int i = start(field);
            out.addBinary(Binary.fromString(value));
            out.endField(field, i);
        }
        return this;
    }

    Row int32(String field, Integer value) {
        if (value != null) {
            int i = start(field);
            out.addInteger(value);
            out.endField(field, i);
        }
        return this;
    }

    Row int64(String field, Long value) {
        if (value != null) {
            int i = start(field);
            out.addLong(value);
            out.endField(field, i);
        }
        return this;
    }

    Row float64(String field, double value) {
        int i = start(field);
        out.addDouble(value);
        out.endField(field, i);
        return this;
    }

    Row bool(String field, boolean value) {
        int i = start(field);
        out.addBoolean(value);
        out.endField(field, i);
        return this;
    }

    /** A timestamp column: milliseconds since the epoch, UTC ({@code TIMESTAMP(MILLIS, true)}). */
    Row time(String field, Instant value) {
        return int64(field, value == null ? null : value.toEpochMilli());
    }

    RecordConsumer consumer() {
        return out;
    }

    int start(String field) {
        int i = type.getFieldIndex(field);
        out.startField(field, i);
        return i;
    }

    void end(String field) {
        out.endField(field, type.getFieldIndex(field));
    }
}
