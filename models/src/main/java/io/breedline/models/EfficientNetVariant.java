package io.breedline.models;

import java.util.List;

/**
 * An EfficientNet the builder can make: scaling, blocks, input size and class count. {@link #B3} is the original
 * project's model; {@link #B0_SMALL} is the same architecture at B0 width and depth on 64x64 images, for fast tests.
 */
public record EfficientNetVariant(
        String name, EfficientNetScaling scaling, List<BlockArgs> blocks, int imageSize, int classes) {
    public static final EfficientNetVariant B3 =
            new EfficientNetVariant("efficientnetb3", EfficientNetScaling.B3, BlockArgs.DEFAULT, 256, 120);
    public static final EfficientNetVariant B0_SMALL =
            new EfficientNetVariant("efficientnetb0", EfficientNetScaling.B0, BlockArgs.DEFAULT, 64, 10);

    public EfficientNetVariant {
        if (imageSize < 32 || classes < 1) {
            throw new IllegalArgumentException("imageSize must be at least 32 and classes positive: " + imageSize
                    + ", " + classes);
        }
    }
}
