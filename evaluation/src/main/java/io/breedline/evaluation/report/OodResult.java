package io.breedline.evaluation.report;

import io.breedline.evaluation.ood.OodMetrics;
import java.util.List;

/**
 * "Not a dog": the threshold chosen on the labeled dog photos, and with non-dog photos, how well each score separates.
 *
 * @param calibrated whether the scores are on temperature-scaled probabilities
 * @param threshold the default score's threshold that {@code dogsPassing} of the labeled photos reach
 * @param perScore each score's AUROC and FPR at 95% TPR; empty without non-dog photos
 * @param notDogPhotos non-dog photos scored
 * @param notDogUnreadable non-dog photos the pipeline could not read (not in the AUROC)
 */
public record OodResult(String defaultScore, boolean calibrated, double threshold, double dogsPassing,
        List<OodMetrics> perScore, int notDogPhotos, List<Unreadable> notDogUnreadable) {}
