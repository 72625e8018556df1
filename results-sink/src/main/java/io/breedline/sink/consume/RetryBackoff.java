package io.breedline.sink.consume;

import java.time.Duration;
import java.util.Objects;

/** Exponential backoff between write retries, doubling from {@code initial} up to {@code max}. */
public record RetryBackoff(Duration initial, Duration max) {
    public RetryBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " must not be below the initial " + initial);
        }
    }

    /** The wait after the given number of consecutive failures (1 = the first). */
    public Duration delay(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 30);
        long millis = initial.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
