package io.breedline.sink.objects;

import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.WriteException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes results as objects (JSON Lines or Parquet, {@link ObjectFormat}), one per partition and offset window, named
 * by topic, partition and the offset of the first record in it ({@link ObjectNames}), to S3 or a folder
 * ({@link ObjectStore}).
 *
 * <h2>Why a replay overwrites the same objects</h2>
 *
 * An object's boundaries must not depend on when records arrived, how polls split them, or where a restart began;
 * otherwise a replay cuts the stream differently and writes the same records again under new keys. So:
 *
 * <ul>
 *   <li>Boundaries are fixed by offsets, not by counts or clocks: object {@code w} of a partition holds the readable
 *       records with offsets in {@code [w * N, (w + 1) * N)}, N = {@code BREEDLINE_SINK_S3_FLUSH_RECORDS}. Which
 *       records those are is settled once the log is written (read_committed never returns an undecided or aborted
 *       record), so every replay puts the same records in the same object. Transaction markers and unreadable
 *       messages take offsets too, so an object holds at most N records.
 *   <li>The key uses the first record's offset in the window, which is as fixed as the window itself.
 *   <li>A window is complete, written and committed once the consumer has moved past its last offset (a record of a
 *       later window arrived, or the position passed the end). The committed offset is then the first offset not in
 *       a complete window, so a restart resumes exactly at a window's first record.
 *   <li>The time limit ({@code BREEDLINE_SINK_S3_FLUSH_INTERVAL}) only makes a partial window visible: it writes the
 *       window so far under its final key and does <em>not</em> commit. The window stays in memory and is written
 *       again, complete, under the same key; a restart re-reads it from its first record and overwrites it. So a
 *       time-based flush cannot move a boundary, unlike Kafka Connect's wall-clock rotation.
 * </ul>
 *
 * A replay from the log start or from a committed offset therefore reproduces every key. A replay from an arbitrary
 * offset in the middle of a window writes that window's tail under a new key once (duplicates, never a loss); all
 * later windows line up again.
 */
public final class WindowedObjectWriter implements ResultWriter {
    private static final Logger log = LoggerFactory.getLogger(WindowedObjectWriter.class);

    private final ObjectStore store;
    private final ObjectFormat format;
    private final String prefix;
    private final long span;
    private final Duration flushInterval;
    private final Map<TopicPartition, PartitionWindow> open = new HashMap<>();

    public WindowedObjectWriter(ObjectStore store, ObjectFormat format, String prefix, int flushRecords, Duration flushInterval) {
        if (flushRecords < 1) {
            throw new IllegalArgumentException("flushRecords must be at least 1, was " + flushRecords);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive, was " + flushInterval);
        }
        this.store = store;
        this.format = format;
        this.prefix = prefix;
        this.span = flushRecords;
        this.flushInterval = flushInterval;
    }

    @Override
    public void open() throws WriteException {
        store.check();
    }

    @Override
    public Map<TopicPartition, Long> write(List<PartitionBatch> batches, Instant now) throws WriteException {
        Map<TopicPartition, Long> durable = new HashMap<>();
        for (PartitionBatch batch : batches) {
            TopicPartition tp = batch.partition();
            for (ResultRecord r : batch.records()) {
                long index = PartitionWindow.indexOf(r.offset(), span);
                PartitionWindow w = open.get(tp);
                if (w != null && w.index() < index) {
                    complete(tp, w);
                    w = null;
                }
                if (w == null) {
                    w = new PartitionWindow(index, span, r.offset());
                    open.put(tp, w);
                }
                w.add(r, now);
            }
            PartitionWindow w = open.get(tp);
            if (w != null && batch.nextOffset() >= w.endOffset()) {
                complete(tp, w);
                w = null;
            }
            // With no open window, every offset before the position is either written or holds nothing to write.
            durable.put(tp, w == null ? batch.nextOffset() : w.firstOffset());
        }
        for (Map.Entry<TopicPartition, PartitionWindow> e : open.entrySet()) {
            PartitionWindow w = e.getValue();
            if (w.flushDue(now, flushInterval)) {
                put(e.getKey(), w);
                w.markFlushed();
                log.debug("made partial window of {} visible ({} records, not committed)", e.getKey(), w.count());
            }
        }
        return durable;
    }

    @Override
    public void discard(Collection<TopicPartition> partitions) {
        partitions.forEach(open::remove);
    }

    @Override
    public void flushBuffered() throws WriteException {
        for (Map.Entry<TopicPartition, PartitionWindow> e : open.entrySet()) {
            if (e.getValue().hasUnflushed()) {
                put(e.getKey(), e.getValue());
                e.getValue().markFlushed();
            }
        }
    }

    @Override
    public void close() {
        open.clear();
        if (store instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing the object store failed", e);
            }
        }
    }

    /** Partitions with records buffered but not yet durable. */
    Collection<TopicPartition> buffered() {
        return open.keySet();
    }

    private void complete(TopicPartition tp, PartitionWindow w) throws WriteException {
        put(tp, w);
        // Removed only once the put succeeded: after a failure the window is discarded and re-read instead.
        open.remove(tp);
    }

    private void put(TopicPartition tp, PartitionWindow w) throws WriteException {
        String key = ObjectNames.key(prefix, tp, w.firstOffset(), format.extension());
        byte[] body;
        try {
            body = format.encode(tp, w.records());
        } catch (java.io.IOException | RuntimeException e) {
            // The records parsed, so this is the encoder's fault, not the input's: stop rather than skip them.
            throw new WriteException("encoding " + key + " failed: " + e.getMessage(), e, false);
        }
        store.put(key, body, format.contentType());
        log.debug("wrote {} ({} records)", key, w.count());
    }
}
