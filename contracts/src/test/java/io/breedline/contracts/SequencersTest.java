package io.breedline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencersTest {

    @Test
    void normalizesToFixedWidthSoStringOrderIsNumericOrder() {
        String shortOne = Sequencers.normalize("FF");
        String longOne = Sequencers.normalize("0055AED6DCD90281E5");
        assertThat(shortOne).hasSize(Sequencers.WIDTH).endsWith("FF");
        assertThat(Sequencers.normalize("00ff")).isEqualTo(shortOne);
        // As raw strings "FF" > "0055..." ; as numbers it is the other way round.
        assertThat(longOne.compareTo(shortOne)).isPositive();
        assertThat(Sequencers.normalize("0")).isEqualTo("0".repeat(Sequencers.WIDTH));
    }

    @Test
    void rejectsWhatIsNotAHexSequencer() {
        assertThat(Sequencers.normalize(null)).isNull();
        assertThat(Sequencers.normalize(" ")).isNull();
        assertThat(Sequencers.normalize("12G4")).isNull();
        assertThat(Sequencers.normalize("1" + "0".repeat(Sequencers.WIDTH))).isNull();
        assertThat(Sequencers.normalize("000" + "F".repeat(Sequencers.WIDTH))).hasSize(Sequencers.WIDTH);
    }

    @Test
    void nullNeverBlocksAndEqualReplaces() {
        String a = Sequencers.normalize("0A");
        String b = Sequencers.normalize("0B");
        assertThat(Sequencers.replaces(b, a)).isTrue();
        assertThat(Sequencers.replaces(a, b)).isFalse();
        assertThat(Sequencers.replaces(a, a)).isTrue();
        assertThat(Sequencers.replaces(null, b)).isTrue();
        assertThat(Sequencers.replaces(a, null)).isTrue();
    }

    @Test
    void sequencerFieldsRoundTripAndOldMessagesStillRead() throws Exception {
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        ImageRef ref = ImageRef.of("s3://b/k.jpg", "e", null, 1L, "job", t, "1A");
        assertThat(ref.sequencer()).isEqualTo(Sequencers.normalize("1A"));
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
