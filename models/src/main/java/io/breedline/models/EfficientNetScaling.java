package io.breedline.models;

/**
 * Compound scaling of EfficientNet: how wide and how deep a variant is. The rounding copies Keras'
 * {@code round_filters} / {@code round_repeats} exactly, since one filter more or less changes the parameter count.
 */
record EfficientNetScaling(double widthCoefficient, double depthCoefficient, int depthDivisor) {
    /** EfficientNetB3: {@code EfficientNet(1.2, 1.4, 300, 0.3)} with the default divisor 8. */
    static final EfficientNetScaling B3 = new EfficientNetScaling(1.2, 1.4, 8);
    /** EfficientNetB0: {@code EfficientNet(1.0, 1.0, 224, 0.2)}. */
    static final EfficientNetScaling B0 = new EfficientNetScaling(1.0, 1.0, 8);

    EfficientNetScaling {
        if (widthCoefficient <= 0 || depthCoefficient <= 0 || depthDivisor < 1) {
            throw new IllegalArgumentException("coefficients and divisor must be positive: " + widthCoefficient
                    + ", " + depthCoefficient + ", " + depthDivisor);
        }
    }

    int roundFilters(int filters) {
        double scaled = filters * widthCoefficient;
        // Python: max(divisor, int(filters + divisor / 2) // divisor * divisor)
        int rounded = Math.max(depthDivisor, (int) (scaled + depthDivisor / 2.0) / depthDivisor * depthDivisor);
        if (rounded < 0.9 * scaled) {
            rounded += depthDivisor; // never round down by more than 10%
        }
        return rounded;
    }

    int roundRepeats(int repeats) {
        return (int) Math.ceil(depthCoefficient * repeats);
    }
}
