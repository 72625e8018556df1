package io.breedline.contracts;

import java.util.Objects;

/** One of the top-k classes of a prediction: the label, its index in the model output, its probability. */
public record BreedScore(String breed, int classIndex, double probability) {
    public BreedScore {
        Objects.requireNonNull(breed, "breed");
        if (probability < 0 || probability > 1 || Double.isNaN(probability)) {
            throw new IllegalArgumentException("probability must be in [0,1], was " + probability);
        }
    }
}
