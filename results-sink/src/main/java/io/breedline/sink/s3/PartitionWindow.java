package io.breedline.sink.s3;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The object being filled for one partition: the readable records whose offsets fall in
 * {@code [index * span, (index + 1) * span)}, as JSON lines.
 */
final class PartitionWindow {
    private final long index;
    private final long span;
    private final long firstOffset;
    private final StringBuilder lines = new StringBuilder();
    private int count;
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
        return count;
    }

    void add(String jsonLine, Instant now) {
        lines.append(jsonLine).append('\n');
        count++;
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

    byte[] body() {
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}
