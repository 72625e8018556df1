package io.breedline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencerTest {

    @Test
    void normalizesToFixedWidthSoStringOrderIsNumericOrder() {
        String shortOne = Sequencer.normalize("FF");
        String longOne = Sequencer.normalize("0055AED6DCD90281E5");
        assertThat(shortOne).hasSize(Sequencer.WIDTH).endsWith("FF");
        assertThat(Sequencer.normalize("00ff")).isEqualTo(shortOne);
        // As raw strings "FF" > "0055..." ; as numbers it is the other way round.
        assertThat(longOne.compareTo(shortOne)).isPositive();
        assertThat(Sequencer.normalize("0")).isEqualTo("0".repeat(Sequencer.WIDTH));
    }

    @Test
    void rejectsWhatIsNotAHexSequencer() {
        assertThat(Sequencer.normalize(null)).isNull();
        assertThat(Sequencer.normalize(" ")).isNull();
        assertThat(Sequencer.normalize("12G4")).isNull();
        assertThat(Sequencer.normalize("1" + "0".repeat(Sequencer.WIDTH))).isNull();
        assertThat(Sequencer.normalize("000" + "F".repeat(Sequencer.WIDTH))).hasSize(Sequencer.WIDTH);
    }

    @Test
    void noneNeverBlocksAndEqualReplaces() {
        Sequencer a = Sequencer.parse("0A");
        Sequencer b = Sequencer.parse("0B");
        assertThat(b.replaces(a)).isTrue();
        assertThat(a.replaces(b)).isFalse();
        assertThat(a.replaces(a)).isTrue();
        assertThat(Sequencer.NONE.replaces(b)).isTrue();
        assertThat(a.replaces(Sequencer.NONE)).isTrue();
        assertThat(b.isNewerThan(a)).isTrue();
        assertThat(a.isNewerThan(a)).isFalse();
        assertThat(b.isNewerThan(Sequencer.NONE)).isFalse();
    }

    @Test
    void anUnorderedResultKeepsTheRowsSequencer() {
        Sequencer a = Sequencer.parse("0A");
        assertThat(Sequencer.NONE.heldAfter(a)).isEqualTo(a);
        assertThat(Sequencer.parse("0B").heldAfter(a)).isEqualTo(Sequencer.parse("B"));
        assertThat(Sequencer.NONE.heldAfter(Sequencer.NONE)).isEqualTo(Sequencer.NONE);
    }

    @Test
    void theNumericAndTextFormsAgree() {
        Sequencer small = Sequencer.parse("FF");
        Sequencer big = Sequencer.parse("0100");
        Sequencer huge = Sequencer.parse("1" + "0".repeat(20));
        Sequencer max = Sequencer.parse("F".repeat(Sequencer.WIDTH));
        assertThat(big.replaces(small)).isTrue();
        assertThat(small.replaces(big)).isFalse();
        assertThat(huge.replaces(big)).isTrue();
        assertThat(max.replaces(huge)).isTrue();
        assertThat(huge.replaces(max)).isFalse();
        for (Sequencer s : java.util.List.of(small, big, huge, max, Sequencer.parse("0"))) {
            assertThat(Sequencer.parse(s.text())).isEqualTo(s);
        }
        assertThat(Sequencer.parse("0")).as("zero is a sequencer, not none").isNotEqualTo(Sequencer.NONE);
        assertThat(Sequencer.NONE.text()).isNull();
        assertThat(max.text()).isEqualTo("F".repeat(Sequencer.WIDTH));
    }

    @Test
    void sequencerFieldsRoundTripAndOldMessagesStillRead() throws Exception {
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        ImageRef ref = ImageRef.of("s3://b/k.jpg", "e", null, 1L, "job", t, "1A");
        assertThat(ref.sequencer()).isEqualTo(Sequencer.normalize("1A"));
        assertThat(Json.readImageRef(Json.write(ref))).isEqualTo(ref);
        String old = "{\"schemaVersion\":1,\"imageId\":\"i\",\"uri\":\"s3://b/k.jpg\",\"jobId\":\"j\","
                + "\"submittedAt\":\"2026-11-26T12:00:00Z\"}";
        assertThat(Json.readImageRef(old.getBytes()).sequencer()).isNull();
        Prediction p = new Prediction(Schema.VERSION, "id", "s3://b/k.jpg", "e", null, "job",
                List.of(new BreedScore("pug", 3, 0.75)), "demo", "v1", null, "w", t, ref.sequencer());
        assertThat(Json.readPrediction(Json.write(p))).isEqualTo(p);
        LabelMark mark = new LabelMark(Schema.VERSION, "id", "e", null, ref.sequencer(), "v1");
        assertThat(Json.read(Json.write(mark), LabelMark.class)).isEqualTo(mark);
    }

    @Test
    void labeledTopicFollowsTheImagesTopic() {
        assertThat(Topics.defaults().labeled()).isEqualTo(Topics.LABELED_DEFAULT);
        assertThat(new Topics("a", "b", "c").labeled()).isEqualTo("a.labeled");
        assertThat(Topics.defaults().withSuffix(".x").labeled()).isEqualTo(Topics.LABELED_DEFAULT + ".x");
        assertThat(Topics.fromEnv(java.util.Map.of(Topics.LABELED_ENV, "l")).labeled()).isEqualTo("l");
        assertThat(Topics.fromEnv(java.util.Map.of()).labeled()).isEqualTo(Topics.LABELED_DEFAULT);
        assertThat(Topics.fromEnv(java.util.Map.of(Topics.IMAGES_ENV, "x")).labeled()).isEqualTo("x.labeled");
    }
}
