package io.breedline.worker.fakes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** 2x2 images, dark or bright by their red; records each call's batch size and can be told to fail. */
public final class FakeModel extends DarkBrightModel {
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    /** Fails a call holding an image whose mean red is above this. */
    public volatile float failWhenRedAbove = Float.MAX_VALUE;
    /** Fails every call of more than one image. */
    public volatile boolean failBatches;

    public FakeModel() {
        super("fake", 2);
    }

    @Override
    protected void beforeCall(int call, float[] pixels, int n) {
        batchSizes.add(n);
        if (failBatches && n > 1) {
            throw new IllegalStateException("batch too big for the fake");
        }
        int per = 2 * 2 * 3;
        for (int i = 0; i < n; i++) {
            float red = 0;
            for (int p = 0; p < 4; p++) {
                red += pixels[i * per + p * 3];
            }
            red /= 4;
            if (red > failWhenRedAbove) {
                throw new IllegalStateException("cannot stand red " + red);
            }
        }
    }
}
