package io.breedline.ingest;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Job ids: {@code job-yyyyMMdd-HHmmss-xxxxxx} in UTC, sortable by start time, with 6 random hex digits. */
public final class JobIds {
    /** What a job id given in {@code BREEDLINE_JOB_ID} may look like: safe in a Kafka client id, a file name, a URL. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private JobIds() {}

    public static String generate(Clock clock) {
        return generate(clock, ThreadLocalRandom.current());
    }

    public static String generate(Clock clock, RandomGenerator random) {
        return "job-" + STAMP.format(clock.instant()) + "-" + String.format("%06x", random.nextInt(1 << 24));
    }
}
