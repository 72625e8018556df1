package io.breedline.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationJsonTest {
    private static final Instant T = Instant.parse("2026-12-08T03:00:00Z");
    private static final List<BreedScore> RAW = List.of(new BreedScore("pug", 3, 0.8), new BreedScore("boxer", 1, 0.2));

    private static Prediction prediction(Calibration c) {
        return new Prediction(Schema.VERSION, "id", "/x.jpg", null, null, "job", RAW, "demo", "sha256:abc",
                new StageTimings(1, 2, 3, 4, 8), "w1", T, null, c);
    }

    @Test
    void aPredictionWithoutCalibrationWritesExactlyTheFieldsItDidBefore() {
        String json = Json.writeString(prediction(null));
        assertThat(json).doesNotContain("calibration").isEqualTo("{\"schemaVersion\":1,\"imageId\":\"id\",\"uri\":\"/x.jpg\","
                + "\"etag\":null,\"versionId\":null,\"jobId\":\"job\",\"topK\":[{\"breed\":\"pug\",\"classIndex\":3,"
                + "\"probability\":0.8},{\"breed\":\"boxer\",\"classIndex\":1,\"probability\":0.2}],\"modelName\":\"demo\","
                + "\"modelVersion\":\"sha256:abc\",\"timings\":{\"fetchMs\":1,\"decodeMs\":2,\"queueWaitMs\":3,"
                + "\"inferenceMs\":4,\"batchSize\":8},\"workerId\":\"w1\",\"predictedAt\":\"2026-12-08T03:00:00Z\","
                + "\"sequencer\":null}");
    }

    @Test
    void anOldMessageReadsAsUncalibrated() throws Exception {
        String old = Json.writeString(prediction(null));
        Prediction p = Json.readPrediction(old.getBytes(StandardCharsets.UTF_8));
        assertThat(p.calibration()).isNull();
        assertThat(p.shownTopK()).isEqualTo(RAW);
        assertThat(p.notADog()).isFalse();
    }

    @Test
    void aCalibratedPredictionRoundTripsAndShowsTheCalibratedTopK() throws Exception {
        List<BreedScore> calibrated = List.of(new BreedScore("pug", 3, 2.0 / 3), new BreedScore("boxer", 1, 1.0 / 3));
        Calibration c = new Calibration(2.0, calibrated, Calibration.Display.CALIBRATED, "MSP", 2.0 / 3, 0.7, true);
        Prediction p = prediction(c);
        byte[] json = Json.write(p);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"calibration\":{\"temperature\":2.0,")
                .contains("\"display\":\"CALIBRATED\"").contains("\"unknown\":true");
        Prediction read = Json.readPrediction(json);
        assertThat(read).isEqualTo(p);
        assertThat(read.topK()).isEqualTo(RAW);
        assertThat(read.shownTopK()).isEqualTo(calibrated);
        assertThat(read.notADog()).isTrue();
    }

    @Test
    void aRawDisplayShowsTheRawTopK() {
        Calibration c = new Calibration(2.0, RAW, Calibration.Display.RAW, "MSP", 0.8, 0.5, false);
        assertThat(prediction(c).shownTopK()).isSameAs(prediction(c).topK());
    }
}
