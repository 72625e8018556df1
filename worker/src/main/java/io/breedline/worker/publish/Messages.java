package io.breedline.worker.publish;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Calibration;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.StageTimings;
import io.breedline.worker.dedup.ETags;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/** Builds the messages this worker publishes, stamped with its id, its model and the time. */
public final class Messages {
    private final String workerId;
    private final String modelName;
    private final String modelVersion;
    private final Clock clock;

    public Messages(String workerId, String modelName, String modelVersion, Clock clock) {
        this.workerId = workerId;
        this.modelName = modelName;
        this.modelVersion = modelVersion;
        this.clock = clock;
    }

    public Prediction prediction(ImageRef ref, List<BreedScore> topK, StageTimings timings) {
        return prediction(ref, null, null, topK, null, timings);
    }

    /**
     * @param readEtag the ETag of the bytes the model saw (the object may have been overwritten since the reference was
     *     made), or null to take the reference's; stored unquoted either way
     * @param readVersionId likewise for the version
     * @param calibration the calibrated top-k and "not a dog" verdict, or null for a model without calibration
     */
    public Prediction prediction(ImageRef ref, String readEtag, String readVersionId, List<BreedScore> topK,
            Calibration calibration, StageTimings timings) {
        String etag = ETags.normalize(readEtag != null ? readEtag : ref.etag());
        String versionId = readVersionId != null ? readVersionId : ref.versionId();
        return new Prediction(Schema.VERSION, ref.imageId(), ref.uri(), etag, versionId, ref.jobId(), topK,
                modelName, modelVersion, timings, workerId, clock.instant(), ref.sequencer(), calibration);
    }

    /**
     * A reference de-duplication skipped: the image's row already holds this content for our model version (or a
     * reference to the same upload is in flight), so the reference's ETag and version are what it matched.
     */
    public AlreadyLabeled alreadyLabeled(ImageRef ref) {
        return new AlreadyLabeled(Schema.VERSION, ref.imageId(), ref.uri(), ref.jobId(), ETags.normalize(ref.etag()),
                ref.versionId(), modelVersion, workerId, clock.instant());
    }

    public String modelVersion() {
        return modelVersion;
    }

    public DeadLetter deadLetter(ImageRef ref, FailureStage stage, String reason, String exceptionType, boolean retriable) {
        return DeadLetter.forReference(ref, stage, reason, exceptionType, retriable, workerId, clock.instant());
    }

    /**
     * A message on the images topic that is not an image reference. It has no image id, so it is keyed by where it
     * was read ({@code raw:topic-partition-offset}) and carries its raw bytes for whoever investigates.
     */
    public DeadLetter unreadable(String topic, int partition, long offset, byte[] value, String reason, String exceptionType) {
        String rawBase64 = value == null ? null : Base64.getEncoder().encodeToString(value);
        return new DeadLetter(Schema.VERSION, null, rawImageId(topic, partition, offset), null, rawBase64,
                FailureStage.PARSE, reason, exceptionType, false, workerId, clock.instant());
    }

    public static String rawImageId(String topic, int partition, long offset) {
        return "raw:" + topic + "-" + partition + "-" + offset;
    }
}
