package io.breedline.evaluation.metrics;

import io.breedline.evaluation.Scored;
import java.util.List;

/** Top-k accuracy: the true breed among the k most probable. */
public final class TopKAccuracy {
    private TopKAccuracy() {}

    /**
     * @param unreadable photos of the folder that could not be scored, counted as misses (so they stay in the
     *     denominator); pass 0 for the accuracy over the photos the model saw
     */
    public static Proportion of(List<Scored> photos, int k, int unreadable) {
        long hits = photos.stream().filter(s -> s.rankOfTruth() < k).count();
        return Proportion.of(hits, photos.size() + (long) unreadable);
    }
}
