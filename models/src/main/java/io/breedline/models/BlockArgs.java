package io.breedline.models;

import java.util.List;

/** One stage of MBConv blocks, as in Keras' {@code DEFAULT_BLOCKS_ARGS} (before width/depth scaling). */
record BlockArgs(
        int kernelSize,
        int repeats,
        int filtersIn,
        int filtersOut,
        int expandRatio,
        boolean idSkip,
        int strides,
        double seRatio) {

    /** {@code keras/applications/efficientnet.py} (TF 2.9) {@code DEFAULT_BLOCKS_ARGS}. */
    static final List<BlockArgs> DEFAULT = List.of(
            new BlockArgs(3, 1, 32, 16, 1, true, 1, 0.25),
            new BlockArgs(3, 2, 16, 24, 6, true, 2, 0.25),
            new BlockArgs(5, 2, 24, 40, 6, true, 2, 0.25),
            new BlockArgs(3, 3, 40, 80, 6, true, 2, 0.25),
            new BlockArgs(5, 3, 80, 112, 6, true, 1, 0.25),
            new BlockArgs(5, 4, 112, 192, 6, true, 2, 0.25),
            new BlockArgs(3, 1, 192, 320, 6, true, 1, 0.25));

    BlockArgs {
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernelSize must be odd and positive, got " + kernelSize);
        }
        if (repeats < 1 || filtersIn < 1 || filtersOut < 1 || expandRatio < 1) {
            throw new IllegalArgumentException("repeats, filters and expandRatio must be positive: " + this);
        }
        if (strides != 1 && strides != 2) {
            throw new IllegalArgumentException("strides must be 1 or 2, got " + strides);
        }
    }
}
