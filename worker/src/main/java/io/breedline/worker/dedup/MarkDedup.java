package io.breedline.worker.dedup;

import io.breedline.contracts.ImageRef;
import io.breedline.contracts.LabelMark;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.Sequencer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels each upload once, however often and through however many sources its reference arrives.
 *
 * <p>The state is the compacted labeled topic: for every image, a {@link LabelMark} saying what its result row holds
 * for a model version (content ETag, highest sequencer). A worker writes a mark in the same transaction as the
 * prediction that changed the row, on the labeled partition numbered like the images partition the reference came
 * from; so when it is given images partition p it reads labeled partition p to its end and knows every image it may
 * see there. A reference is skipped when the row already holds its content for this worker's model version, or when a
 * reference to the same upload is already in flight.
 *
 * <p>Marks follow the sink's rule ({@link Sequencer#replaces}): a prediction the row would refuse (older sequencer)
 * writes no mark, so the index never claims content the row does not hold, and the latest mark of an image (all that
 * compaction keeps) is its whole state. Should a mark still claim content the row has since lost (marks that could
 * not be read in a rebalance), skipping that content is harmless: its reference carries a sequencer no newer than the
 * mark's, so its prediction would lose to the row anyway.
 *
 * <p>Hand-written because what it must guarantee is tied to this pipeline's transactions: the index changes only when
 * the batch that wrote its marks commits, is rebuilt per partition inside a rebalance, and follows the sink's
 * replacement rule. Kafka Streams' state stores would bring a second consumer group and changelog topics beside the
 * worker's own transactions; an embedded key-value store (RocksDB) would bring native code and files to keep in step
 * with the topic; a Bloom filter cannot say which content an image holds. The compacted topic is the store; the
 * in-memory {@link LabelIndex} only caches it.
 *
 * <p>Poll thread only. Partition numbers are the images topic's.
 */
public final class MarkDedup implements Dedup {
    private static final Logger log = LoggerFactory.getLogger(MarkDedup.class);

    private final String modelVersion;
    private final MarkSource source;
    private final boolean skip;
    private final Map<Integer, LabelIndex> indexes = new HashMap<>();
    private final Map<Integer, Map<Long, InFlight>> inFlight = new HashMap<>();
    private Map<Integer, Map<Long, Staged>> staged = Map.of();

    /** A reference being labeled: its content and sequencer, and the offset that will release it. */
    private record InFlight(long content, Sequencer sequencer, long offset) {}

    private record Staged(long content, Sequencer sequencer) {}

    /**
     * @param skip false labels every reference again, still recording marks (so turning it back on is safe)
     */
    public MarkDedup(String modelVersion, MarkSource source, boolean skip) {
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
        this.source = source;
        this.skip = skip;
    }

    /** Reads the marks of newly owned partitions; until then nothing of them is skipped. */
    @Override
    public void load(Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        check();
        for (int p : partitions) {
            long start = System.nanoTime();
            LabelIndex index = new LabelIndex();
            int[] records = {0};
            try {
                read(p, index, records);
            } catch (RuntimeException e) {
                // Kafka flapping inside a rebalance must not stop the worker. An empty index only skips less; the
                // marks written meanwhile are still safe (see the class comment): at worst an image is labeled twice.
                log.warn("Cannot read the labeled marks of partition {} ({}); nothing of it is skipped until it is "
                        + "assigned again", p, e.toString());
                indexes.put(p, new LabelIndex());
                continue;
            }
            indexes.put(p, index);
            log.info("Labeled index of partition {}: {} images labeled by model version {}, from {} marks in {} ms",
                    p, index.size(), modelVersion, records[0], (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void read(int partition, LabelIndex index, int[] records) {
        source.readToEnd(partition, (imageId, mark) -> {
            records[0]++;
            long image = Fingerprints.image(imageId);
            if (mark == null || !modelVersion.equals(mark.modelVersion())) {
                index.remove(image); // the row's latest state is not ours: label it again
            } else {
                index.put(image, Fingerprints.content(mark.etag(), mark.versionId()), Sequencer.parse(mark.sequencer()));
            }
        });
    }

    /** Fails at start-up, rather than at the first assignment, when the labeled topic cannot match the images topic. */
    @Override
    public void check() {
        try {
            source.check();
        } catch (LabeledTopic.Mismatch e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("Cannot check the labeled topic yet ({}); checking again at the next assignment", e.getMessage());
        }
    }

    /** Forgets partitions this worker no longer owns. */
    @Override
    public void forget(Collection<Integer> partitions) {
        for (int p : partitions) {
            indexes.remove(p);
            inFlight.remove(p);
        }
    }

    /** Forgets every reference in flight (they will be read again). */
    @Override
    public void clearInFlight() {
        inFlight.clear();
    }

    /**
     * Whether to skip this reference: its row already holds its content for our model version, or the same upload is
     * in flight. Otherwise it is recorded as in flight until {@link #release}.
     */
    @Override
    public boolean isDuplicate(int partition, long offset, ImageRef ref) {
        long content = Fingerprints.content(ref.etag(), ref.versionId());
        if (content == 0) {
            return false; // a local file or an object without ETag: nothing to compare
        }
        long image = Fingerprints.image(ref.imageId());
        Sequencer sequencer = Sequencer.parse(ref.sequencer());
        LabelIndex index = indexes.get(partition);
        Map<Long, InFlight> pending = inFlight.computeIfAbsent(partition, k -> new HashMap<>());
        // Not when the reference is newer than the row (the same bytes uploaded again): a late event of an older
        // version would otherwise beat the row's older sequencer. With no sequencer on either side (a backfill before
        // or after the trigger) it is taken for the same upload.
        if (skip && index != null && index.content(image) == content
                && !sequencer.isNewerThan(index.sequencer(image))) {
            return true;
        }
        InFlight earlier = pending.get(image);
        // The same upload twice (same content, same or no sequencer); a later overwrite with equal bytes but a newer
        // sequencer is labeled, since the earlier one may yet lose to a row it would beat.
        if (skip && earlier != null && earlier.content() == content
                && (!sequencer.known() || sequencer.equals(earlier.sequencer()))) {
            return true;
        }
        pending.put(image, new InFlight(content, sequencer, offset));
        return false;
    }

    /** The reference at {@code offset} is published or given up: the next reference to its image is judged alone. */
    @Override
    public void release(int partition, long offset, String imageId) {
        Map<Long, InFlight> pending = inFlight.get(partition);
        if (pending != null) {
            long image = Fingerprints.image(imageId);
            InFlight f = pending.get(image);
            if (f != null && f.offset() == offset) {
                pending.remove(image);
            }
        }
    }

    /**
     * The marks a batch's predictions write, in order, staged until {@link #committed()} or {@link #aborted()}.
     *
     * @param partitionOf the images partition each prediction's reference came from, by image id
     */
    @Override
    public List<Mark> marks(List<Prediction> predictions, Map<String, Integer> partitionOf) {
        Map<Integer, Map<Long, Staged>> next = new HashMap<>();
        List<Mark> marks = new ArrayList<>();
        for (Prediction p : predictions) {
            Integer partition = partitionOf.get(p.imageId());
            if (partition == null || !modelVersion.equals(p.modelVersion())) {
                continue;
            }
            long image = Fingerprints.image(p.imageId());
            Map<Long, Staged> batch = next.computeIfAbsent(partition, k -> new HashMap<>());
            Staged before = batch.get(image);
            if (before == null) {
                LabelIndex index = indexes.get(partition);
                before = index == null ? new Staged(0, Sequencer.NONE)
                        : new Staged(index.content(image), index.sequencer(image));
            }
            Sequencer incoming = Sequencer.parse(p.sequencer());
            if (!incoming.replaces(before.sequencer())) {
                continue; // the row keeps a newer version; so does the index
            }
            Sequencer sequencer = incoming.heldAfter(before.sequencer());
            Staged after = new Staged(Fingerprints.content(p.etag(), p.versionId()), sequencer);
            if (after.equals(before)) {
                continue;
            }
            batch.put(image, after);
            marks.add(new Mark(partition, new LabelMark(Schema.VERSION, p.imageId(), ETags.normalize(p.etag()),
                    p.versionId(), sequencer.text(), modelVersion)));
        }
        staged = next;
        return marks;
    }

    /** The marks from {@link #marks} are committed: the index now says what they say. */
    @Override
    public void committed() {
        staged.forEach((partition, images) -> {
            LabelIndex index = indexes.get(partition);
            if (index != null) {
                images.forEach((image, s) -> index.put(image, s.content(), s.sequencer()));
            }
        });
        staged = Map.of();
    }

    /** The marks from {@link #marks} were not published. */
    @Override
    public void aborted() {
        staged = Map.of();
    }

    /** Images the index holds, all partitions together. */
    public long indexedImages() {
        return indexes.values().stream().mapToLong(LabelIndex::size).sum();
    }

    @Override
    public void close() {
        source.close();
    }
}
