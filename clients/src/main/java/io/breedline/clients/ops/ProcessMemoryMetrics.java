package io.breedline.clients.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's resident memory from {@code /proc/self/status}: JVM heap and non-heap metrics miss what TensorFlow
 * allocates natively, which is most of a worker's memory. NaN where there is no procfs.
 */
public final class ProcessMemoryMetrics implements MeterBinder {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final Path status;

    public ProcessMemoryMetrics() {
        this(STATUS);
    }

    ProcessMemoryMetrics(Path status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // A strong reference: a gauge holds its object weakly by default, and nothing else keeps this binder, so
        // after the first garbage collection both gauges read NaN.
        Gauge.builder("process.memory.rss", this, m -> m.kilobytes("VmRSS:") * 1024)
                .description("Resident set size of the process, native memory included").baseUnit("bytes")
                .strongReference(true).register(registry);
        Gauge.builder("process.memory.rss.peak", this, m -> m.kilobytes("VmHWM:") * 1024)
                .description("Peak resident set size of the process").baseUnit("bytes")
                .strongReference(true).register(registry);
    }

    /** A {@code kB} line of the status file, NaN when it cannot be read. */
    double kilobytes(String field) {
        try {
            List<String> lines = Files.readAllLines(status);
            for (String line : lines) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).strip().split("\\s+");
                    return Double.parseDouble(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unexpected format: report nothing rather than a wrong number.
        }
        return Double.NaN;
    }
}
