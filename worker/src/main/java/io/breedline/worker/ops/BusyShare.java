package io.breedline.worker.ops;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * The share of recent wall time the model was busy, 0..1: near 1 means the model is the bottleneck and more workers
 * (or GPUs) would help; well below 1 means the worker waits on fetching, decoding or the input topic. Thread-safe.
 */
public final class BusyShare {
    private final LongSupplier nanoClock;
    private final long windowNanos;
    private final long createdNanos;
    // Finished model calls that may still overlap the window, oldest first: {start, end}.
    private final Deque<long[]> calls = new ArrayDeque<>();
    private long runningSince;
    // Model calls running now: with several model streams they overlap, and the model is busy while any runs.
    private int running;

    public BusyShare(Duration window, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.createdNanos = nanoClock.getAsLong();
    }

    public synchronized void started() {
        if (running++ == 0) {
            runningSince = nanoClock.getAsLong();
        }
    }

    public synchronized void finished() {
        long now = nanoClock.getAsLong();
        if (running > 0 && --running == 0) {
            calls.addLast(new long[] {runningSince, now});
        }
        prune(now - windowNanos);
    }

    public synchronized double share() {
        long now = nanoClock.getAsLong();
        long from = now - windowNanos;
        prune(from);
        long busy = 0;
        for (long[] call : calls) {
            busy += call[1] - Math.max(call[0], from);
        }
        if (running > 0) {
            busy += now - Math.max(runningSince, from);
        }
        // Right after start-up the window is not full yet: share of the time there has been.
        long span = Math.min(windowNanos, now - createdNanos);
        return span <= 0 ? 0 : Math.min(1.0, (double) busy / span);
    }

    private void prune(long from) {
        while (!calls.isEmpty() && calls.peekFirst()[1] <= from) {
            calls.removeFirst();
        }
    }
}
