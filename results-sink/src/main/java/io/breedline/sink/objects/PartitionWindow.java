package io.breedline.sink.objects;

import io.breedline.sink.writer.ResultRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The object being filled for one partition: the readable records whose offsets fall in
 * {@code [index * span, (index + 1) * span)}, kept until the window is written in its final form.
 */
final class PartitionWindow {
    private final long index;
    private final long span;
    private final long firstOffset;
    private final List<ResultRecord> records = new ArrayList<>();
    private Instant unflushedSince;

    PartitionWindow(long index, long span, long firstOffset) {
        this.index = index;
        this.span = span;
        this.firstOffset = firstOffset;
    }

    static long indexOf(long offset, long span) {
        return offset / span;
    }

    long index() {
        return index;
    }

    long firstOffset() {
        return firstOffset;
    }

    /** The first offset of the next window: once the consumer is there, this window holds all it will ever hold. */
    long endOffset() {
        return (index + 1) * span;
    }

    int count() {
        return records.size();
    }

    void add(ResultRecord record, Instant now) {
        records.add(record);
        if (unflushedSince == null) {
            unflushedSince = now;
        }
    }

    /** True when records have waited at least {@code interval} since they were last made visible. */
    boolean flushDue(Instant now, Duration interval) {
        return unflushedSince != null && !now.isBefore(unflushedSince.plus(interval));
    }

    boolean hasUnflushed() {
        return unflushedSince != null;
    }

    void markFlushed() {
        unflushedSince = null;
    }

    List<ResultRecord> records() {
        return List.copyOf(records);
    }
}
