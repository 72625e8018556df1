package io.breedline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JobIdsTest {
    @Test
    void aJobIdIsTheUtcStartTimeAndSixRandomHexDigits() {
        // The clock's zone must not matter: the stamp is UTC.
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T23:04:05Z"), ZoneId.of("Asia/Tokyo"));

        String id = JobIds.generate(clock, new SplittableRandom(1));

        assertThat(id).matches("job-20250301-230405-[0-9a-f]{6}");
        assertThat(JobIds.VALID.matcher(id).matches()).isTrue();
    }

    @Test
    void idsStartedInTheSameSecondDiffer() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneId.of("UTC"));
        Set<String> ids = new HashSet<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100; i++) {
            ids.add(JobIds.generate(clock, random));
        }

        assertThat(ids).hasSizeGreaterThan(95).allMatch(id -> id.matches("job-20250301-000000-[0-9a-f]{6}"));
    }

    @Test
    void smallRandomNumbersAreZeroPadded() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneId.of("UTC"));

        assertThat(JobIds.generate(clock, new FixedRandom(0xab))).isEqualTo("job-20250301-000000-0000ab");
    }

    private record FixedRandom(int value) implements java.util.random.RandomGenerator {
        @Override
        public long nextLong() {
            return value;
        }

        @Override
        public int nextInt(int bound) {
            return value;
        }
    }
}
