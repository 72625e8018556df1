package io.breedline.worker.fakes;

import java.time.Duration;

/** A model that takes its time: sleeps on every call, then labels each 8x8 image by its red. */
public final class SleepyModel extends DarkBrightModel {
    private final Duration perCall;

    public SleepyModel(Duration perCall) {
        super("sleepy", 8);
        this.perCall = perCall;
    }

    @Override
    protected void beforeCall(int call, float[] pixels, int n) throws InterruptedException {
        Thread.sleep(perCall.toMillis());
    }
}
