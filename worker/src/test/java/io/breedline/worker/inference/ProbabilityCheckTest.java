package io.breedline.worker.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbabilityCheckTest {
    @Test
    void aSoftmaxOutputPasses() {
        float[] row = new float[1000];
        java.util.Arrays.fill(row, 1f / 1000);
        assertThat(ProbabilityCheck.problem(new float[][] {{0.7f, 0.2f, 0.1f}, row})).isEmpty();
    }

    @Test
    void logitsAreNotProbabilities() {
        assertThat(ProbabilityCheck.problem(new float[][] {{0.5f, 0.5f}, {2.5f, -1.3f}}))
                .contains("row 1 has a negative value (-1.3)");
        assertThat(ProbabilityCheck.problem(new float[][] {{2.5f, 0.3f}})).contains("row 0 has a value above 1 (2.5)");
    }

    @Test
    void independentSigmoidScoresDoNotSumToOne() {
        assertThat(ProbabilityCheck.problem(new float[][] {{0.9f, 0.8f, 0.1f}})).contains("row 0 sums to 1.8, not 1");
    }

    @Test
    void nanIsReported() {
        assertThat(ProbabilityCheck.problem(new float[][] {{Float.NaN, 1f}})).contains("row 0 holds NaN");
    }
}
