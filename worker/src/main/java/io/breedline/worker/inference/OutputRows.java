package io.breedline.worker.inference;

/** Splits a model's flat [n, classes] output into one row per image, in batch order. */
final class OutputRows {
    private OutputRows() {}

    static float[][] split(float[] flat, int n, int classes) {
        if (flat.length != n * classes) {
            throw new IllegalStateException("the model returned " + flat.length + " values for " + n + " images of " + classes + " classes");
        }
        float[][] rows = new float[n][classes];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * classes, rows[i], 0, classes);
        }
        return rows;
    }
}
