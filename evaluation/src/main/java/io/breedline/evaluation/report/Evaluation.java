package io.breedline.evaluation.report;

import io.breedline.evaluation.metrics.BreedMetrics;
import io.breedline.evaluation.metrics.CalibrationMetrics;
import io.breedline.evaluation.metrics.ConfusedPair;
import io.breedline.evaluation.metrics.Proportion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation found: what the JSON holds and the HTML shows.
 *
 * @param folders each matched subfolder and the breed it stands for
 * @param unmatchedFolders subfolders that match no label: left out, and listed
 * @param photos photos scored
 * @param unreadable photos of matched folders that could not be scored
 * @param top1 over the photos scored
 * @param top1CountingUnreadable the unreadable photos counted as misses
 * @param calibration the raw probabilities' calibration over all photos scored
 * @param temperature null without {@code --calibrate}
 */
public record Evaluation(
        int format,
        String folder,
        String modelVersion,
        Instant createdAt,
        int labels,
        Map<String, String> folders,
        List<String> unmatchedFolders,
        int photos,
        List<Unreadable> unreadable,
        Proportion top1,
        Proportion top5,
        Proportion top1CountingUnreadable,
        Proportion top5CountingUnreadable,
        double macroF1,
        List<BreedMetrics> perBreed,
        List<ConfusedPair> mostConfused,
        ConfusionView confusion,
        CalibrationMetrics calibration,
        TemperatureResult temperature,
        OodResult ood) {
    public static final int FORMAT = 1;
}
