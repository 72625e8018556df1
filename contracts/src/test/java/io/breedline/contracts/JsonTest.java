package io.breedline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void imageRefRoundTripsAndCarriesSchemaVersion() throws Exception {
        ImageRef ref = ImageRef.of("s3://photos/dogs/a b+c.jpg", "\"etag\"", null, 1234L, "job-1", T);
        byte[] json = Json.write(ref);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"schemaVersion\":1").contains("2026-11-26T12:00:00Z");
        assertThat(Json.readImageRef(json)).isEqualTo(ref);
    }

    @Test
    void predictionRoundTrips() throws Exception {
        Prediction p = new Prediction(Schema.VERSION, "id", "/x.jpg", null, null, "job", List.of(new BreedScore("pug", 3, 0.75)),
                "demo", "sha256:abc", new StageTimings(1, 2, 3, 4, 8), "w1", T);
        assertThat(Json.readPrediction(Json.write(p))).isEqualTo(p);
    }

    @Test
    void deadLetterRoundTrips() throws Exception {
        ImageRef ref = ImageRef.of("/tmp/x.jpg", null, null, null, "job", T);
        DeadLetter d = DeadLetter.forReference(ref, FailureStage.DECODE, "not an image", "java.io.IOException", false, "w", T);
        assertThat(Json.readDeadLetter(Json.write(d))).isEqualTo(d);
    }

    @Test
    void alreadyLabeledRoundTripsAndIsNotAPrediction() throws Exception {
        AlreadyLabeled a = new AlreadyLabeled(Schema.VERSION, "id", "s3://b/k.jpg", "job-2", "abc", null, "sha256:abc", "w1", T);
        byte[] json = Json.write(a);
        assertThat(Json.readAlreadyLabeled(json)).isEqualTo(a);
        // A reader that knows only predictions cannot take it for one (it lives on its own topic anyway).
        assertThatThrownBy(() -> Json.readPrediction(json)).isInstanceOf(MalformedMessageException.class);
        assertThat(Topics.defaults().alreadyLabeled()).isEqualTo("breedline.predictions.already-labeled");
        assertThat(Topics.defaults().withSuffix("-t").alreadyLabeled()).isEqualTo("breedline.predictions-t.already-labeled");
    }

    @Test
    void imageIdIsStableAndDiffersByUri() {
        assertThat(ImageIds.forUri("s3://b/k")).isEqualTo(ImageIds.forUri("s3://b/k")).hasSize(32);
        assertThat(ImageIds.forUri("s3://b/k")).isNotEqualTo(ImageIds.forUri("s3://b/k2"));
    }

    @Test
    void refusesNonJson() {
        assertThatThrownBy(() -> Json.readImageRef("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void refusesOtherSchemaVersion() {
        assertThatThrownBy(() -> Json.readImageRef("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("schemaVersion 2");
    }

    @Test
    void refusesMissingFields() {
        assertThatThrownBy(() -> Json.readImageRef("{\"schemaVersion\":1,\"uri\":\"/x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessage("ImageRef message is missing required field 'imageId'");
    }

    @Test
    void refusesEmptyAndNonObject() {
        assertThatThrownBy(() -> Json.readImageRef(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> Json.readImageRef("[1]".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a JSON object");
    }

    @Test
    void topicsAreValidated() {
        assertThatThrownBy(() -> new Topics("a b", "p", "d")).hasMessageContaining("BREEDLINE_TOPIC_IMAGES");
        assertThatThrownBy(() -> new Topics("a", "a", "d")).hasMessageContaining("must differ");
        assertThat(Topics.fromEnv(java.util.Map.of(Topics.IMAGES_ENV, "x")).images()).isEqualTo("x");
    }
}
