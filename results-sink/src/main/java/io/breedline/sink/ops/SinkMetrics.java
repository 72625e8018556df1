package io.breedline.sink.ops;

import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The results sink's meters (see docs/operations.md, "Metrics, health and logs"). */
public final class SinkMetrics {
    private final Timer writes;
    private final Counter failures;
    private final Counter predictions;
    private final Counter deadLetters;
    private final Counter alreadyLabeled;

    public SinkMetrics(MeterRegistry registry) {
        writes = Timer.builder("breedline.sink.write.duration")
                .description("Time to write one poll's results to the target (one database transaction, or S3 puts)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        failures = Counter.builder("breedline.sink.write.failures")
                .description("Writes the target refused; they are retried after a backoff").register(registry);
        predictions = rows(registry, "prediction");
        deadLetters = rows(registry, "dead_letter");
        alreadyLabeled = rows(registry, "already_labeled");
    }

    private static Counter rows(MeterRegistry registry, String kind) {
        return Counter.builder("breedline.sink.rows.written")
                .description("Results the target acknowledged, by kind (rewritten results after a retry count again)")
                .tag("kind", kind).register(registry);
    }

    void written(List<PartitionBatch> batches, long nanos) {
        long p = 0;
        long d = 0;
        long a = 0;
        for (PartitionBatch batch : batches) {
            for (ResultRecord r : batch.records()) {
                if (r.prediction() != null) {
                    p++;
                } else if (r.deadLetter() != null) {
                    d++;
                } else {
                    a++;
                }
            }
        }
        // Polls that brought nothing only give the writer a chance to flush on time: not a write worth timing.
        if (p + d + a > 0) {
            writes.record(nanos, TimeUnit.NANOSECONDS);
            predictions.increment(p);
            deadLetters.increment(d);
            alreadyLabeled.increment(a);
        }
    }

    void failed() {
        failures.increment();
    }
}
