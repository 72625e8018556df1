package io.breedline.worker.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.BreedScore;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.LabelMark;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.Sequencer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class DedupTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");
    private static final String URI = "s3://b/dogs/rex.jpg";

    /** The labeled topic as a log per partition; compaction would keep only the last mark per key. */
    private final Map<Integer, List<Map.Entry<String, LabelMark>>> topic = new HashMap<>();
    private final MarkSource source = new MarkSource() {
        @Override
        public void check() {}

        @Override
        public void readToEnd(int partition, BiConsumer<String, LabelMark> sink) {
            topic.getOrDefault(partition, List.of()).forEach(e -> sink.accept(e.getKey(), e.getValue()));
        }

        @Override
        public void close() {}
    };

    @Test
    void theSameUploadIsLabeledOnceWhateverItsSourceAndAfterARestart() {
        Dedup dedup = loaded("v1");
        ImageRef fromKafka = ref("\"e1\"", "0A");
        assertThat(dedup.isDuplicate(0, 10, fromKafka)).isFalse();
        // The same upload through SQS while the first is in flight.
        assertThat(dedup.isDuplicate(0, 11, ref("e1", "0A"))).isTrue();
        publish(dedup, 0, 10, prediction(fromKafka, "\"e1\"", "v1"));

        // A backfill listing (quoted ETag, no sequencer), after the fact and after a restart.
        assertThat(dedup.isDuplicate(0, 12, ref("\"e1\"", null))).isTrue();
        Dedup restarted = loaded("v1");
        assertThat(restarted.isDuplicate(0, 13, ref("e1", null))).isTrue();
        assertThat(restarted.isDuplicate(0, 14, ref("e2", "0B"))).isFalse();
    }

    @Test
    void anotherModelVersionLabelsAgain() {
        Dedup v1 = loaded("v1");
        ImageRef r = ref("e1", "0A");
        v1.isDuplicate(0, 0, r);
        publish(v1, 0, 0, prediction(r, "e1", "v1"));

        assertThat(loaded("v2").isDuplicate(0, 1, r)).isFalse();
        assertThat(loaded("v1").isDuplicate(0, 1, r)).isTrue();
    }

    @Test
    void aStalePredictionWritesNoMarkSoTheNewestContentIsNotSkipped() {
        Dedup dedup = loaded("v1");
        ImageRef newer = ref("e2", "0B");
        ImageRef older = ref("e1", "0A");
        dedup.isDuplicate(0, 0, newer);
        publish(dedup, 0, 0, prediction(newer, "e2", "v1"));
        // The old event arrives late; by now the object holds e3 (a third upload whose event is still to come).
        dedup.isDuplicate(0, 1, older);
        assertThat(publish(dedup, 0, 1, prediction(older, "e3", "v1"))).isEmpty();

        assertThat(dedup.isDuplicate(0, 2, ref("e3", "0C"))).isFalse();
        assertThat(loaded("v1").isDuplicate(0, 2, ref("e3", "0C"))).isFalse();
    }

    @Test
    void theSameBytesUploadedAgainWithANewerSequencerAreLabeledAgain() {
        Dedup dedup = loaded("v1");
        ImageRef first = ref("e1", "0A");
        dedup.isDuplicate(0, 0, first);
        publish(dedup, 0, 0, prediction(first, "e1", "v1"));
        assertThat(dedup.isDuplicate(0, 1, ref("e1", "0F"))).isFalse();
    }

    @Test
    void referencesWithoutEtagOrVersionAreNeverSkippedAndAbortedMarksAreForgotten() {
        Dedup dedup = loaded("v1");
        ImageRef file = ImageRef.of("/data/dogs/a.jpg", null, null, null, "job", T);
        assertThat(dedup.isDuplicate(0, 0, file)).isFalse();
        assertThat(dedup.isDuplicate(0, 1, file)).isFalse();

        ImageRef r = ref("e1", "0A");
        dedup.isDuplicate(0, 2, r);
        assertThat(dedup.marks(List.of(prediction(r, "e1", "v1")), Map.of(r.imageId(), 0))).hasSize(1);
        dedup.aborted();
        dedup.clearInFlight();
        assertThat(dedup.isDuplicate(0, 3, r)).isFalse();
    }

    @Test
    void aDisabledDedupSkipsNothingButStillRecords() {
        Dedup off = new MarkDedup("v1", source, false);
        off.load(List.of(0));
        ImageRef r = ref("e1", "0A");
        assertThat(off.isDuplicate(0, 0, r)).isFalse();
        assertThat(off.isDuplicate(0, 1, r)).isFalse();
        publish(off, 0, 0, prediction(r, "e1", "v1"));
        assertThat(loaded("v1").isDuplicate(0, 2, r)).isTrue();
    }

    @Test
    void marksThatCannotBeReadSkipNothingAndAPartitionMismatchIsFatal() {
        MarkSource broken = new MarkSource() {
            @Override
            public void check() {
                throw new IllegalStateException("Kafka did not answer");
            }

            @Override
            public void readToEnd(int partition, BiConsumer<String, LabelMark> sink) {
                throw new IllegalStateException("timed out");
            }

            @Override
            public void close() {}
        };
        Dedup dedup = new MarkDedup("v1", broken, true);
        dedup.load(List.of(0));
        ImageRef r = ref("e1", "0A");
        assertThat(dedup.isDuplicate(0, 0, r)).isFalse();
        assertThat(dedup.isDuplicate(0, 1, r)).isTrue(); // in-flight de-duplication still works

        MarkSource mismatched = new MarkSource() {
            @Override
            public void check() {
                throw new LabeledTopic.Mismatch("3 partitions against 6");
            }

            @Override
            public void readToEnd(int partition, BiConsumer<String, LabelMark> sink) {}

            @Override
            public void close() {}
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MarkDedup("v1", mismatched, true).load(List.of(0)))
                .isInstanceOf(LabeledTopic.Mismatch.class).hasMessageContaining("3 partitions against 6");
    }

    private MarkDedup loaded(String modelVersion) {
        MarkDedup d = new MarkDedup(modelVersion, source, true);
        d.load(List.of(0, 1));
        return d;
    }

    private List<Dedup.Mark> publish(Dedup dedup, int partition, long offset, Prediction p) {
        List<Dedup.Mark> marks = dedup.marks(List.of(p), Map.of(p.imageId(), partition));
        for (Dedup.Mark m : marks) {
            topic.computeIfAbsent(m.partition(), k -> new ArrayList<>()).add(Map.entry(m.mark().imageId(), m.mark()));
        }
        dedup.committed();
        dedup.release(partition, offset, p.imageId());
        return marks;
    }

    private static ImageRef ref(String etag, String sequencer) {
        return ImageRef.of(URI, etag, null, 10L, "job", T, sequencer);
    }

    private static Prediction prediction(ImageRef ref, String readEtag, String modelVersion) {
        return new Prediction(Schema.VERSION, ref.imageId(), ref.uri(), ETags.normalize(readEtag), null, ref.jobId(),
                List.of(new BreedScore("pug", 1, 0.9)), "m", modelVersion, null, "w", T, Sequencer.normalize(ref.sequencer()));
    }

}
