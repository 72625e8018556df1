package io.breedline.sink;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Calibration;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.StageTimings;
import java.time.Instant;
import java.util.List;

/** Messages for tests. */
public final class TestResults {
    public static final Instant AT = Instant.parse("2025-03-01T12:00:00.123Z");

    private TestResults() {}

    public static Prediction prediction(String uri, String jobId, String modelVersion, BreedScore... topK) {
        return new Prediction(Schema.VERSION, ImageIds.forUri(uri), uri, "etag-1", null, jobId, List.of(topK),
                "breeds", modelVersion, new StageTimings(3, 4, 5, 6, 8), "worker-1", AT);
    }

    public static Prediction prediction(String uri, String jobId) {
        return prediction(uri, jobId, "v1",
                new BreedScore("beagle", 12, 0.7), new BreedScore("basset", 7, 0.2), new BreedScore("pug", 3, 0.1));
    }

    /**
     * {@link #prediction(String, String)} of a calibrated model at T = 2: the raw (0.7, 0.2, 0.1) become their square
     * roots over their sum; MSP {@code oodValue} against the threshold 0.5 decides "not a dog".
     */
    public static Prediction calibrated(String uri, String jobId, double oodValue) {
        Prediction raw = prediction(uri, jobId);
        double sum = Math.sqrt(0.7) + Math.sqrt(0.2) + Math.sqrt(0.1);
        List<BreedScore> calibrated = List.of(new BreedScore("beagle", 12, Math.sqrt(0.7) / sum),
                new BreedScore("basset", 7, Math.sqrt(0.2) / sum), new BreedScore("pug", 3, Math.sqrt(0.1) / sum));
        return new Prediction(raw.schemaVersion(), raw.imageId(), raw.uri(), raw.etag(), raw.versionId(), raw.jobId(),
                raw.topK(), raw.modelName(), raw.modelVersion(), raw.timings(), raw.workerId(), raw.predictedAt(), null,
                new Calibration(2.0, calibrated, Calibration.Display.CALIBRATED, "MSP", oodValue, 0.5, oodValue < 0.5));
    }

    /** A reference of {@code jobId} skipped because the image is already labeled by model version v1. */
    public static AlreadyLabeled alreadyLabeled(String uri, String jobId) {
        return new AlreadyLabeled(Schema.VERSION, ImageIds.forUri(uri), uri, jobId, "etag-1", null, "v1", "worker-2", AT);
    }

    public static DeadLetter deadLetter(String uri, String jobId) {
        ImageRef ref = new ImageRef(Schema.VERSION, ImageIds.forUri(uri), uri, null, null, 10L, jobId, AT);
        return DeadLetter.forReference(ref, FailureStage.DECODE, "not an image: text/plain",
                "java.io.IOException", false, "worker-1", AT);
    }
}
