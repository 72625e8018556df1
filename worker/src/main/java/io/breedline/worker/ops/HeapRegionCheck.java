package io.breedline.worker.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Says whether the JVM's garbage collector will treat every decoded image as a "humongous" object. With G1, an array
 * larger than half a heap region bypasses the young generation: each one takes whole regions and, as they pile up,
 * starts a concurrent marking cycle. A 256x256 RGB model input is 786,432 bytes of floats and a decoded photo about as
 * much again, while G1 picks 1 MiB regions for heaps under 4 GiB, so every image did that, and the collector threads
 * took CPU from the model on a CPU node (BENCHMARKS.md, "Decoded images and G1", has the figures). Regions of 4 MiB
 * ({@code -XX:G1HeapRegionSize=4m}) make them ordinary young objects again.
 */
public final class HeapRegionCheck {
    /** The region size Breedline's launchers and manifests set. */
    public static final long RECOMMENDED_REGION_BYTES = 4L << 20;
    // An array's header (mark word, class pointer, length) counts toward its size.
    private static final long ARRAY_HEADER_BYTES = 16;

    private HeapRegionCheck() {}

    /**
     * A warning for the start-up log when arrays of {@code largestArrayBytes} are humongous on this JVM, or empty when
     * they are not (another collector, or large enough regions).
     */
    public static Optional<String> warning(long largestArrayBytes) {
        OptionalLong region = g1RegionBytes();
        return warning(region, largestArrayBytes);
    }

    static Optional<String> warning(OptionalLong g1RegionBytes, long largestArrayBytes) {
        // G1 allocates an object as humongous when it is larger than half a region.
        if (g1RegionBytes.isEmpty() || largestArrayBytes + ARRAY_HEADER_BYTES <= g1RegionBytes.getAsLong() / 2) {
            return Optional.empty();
        }
        return Optional.of(String.format("G1 heap regions of %d KiB make every decoded image (%d KiB) a humongous "
                        + "allocation, which costs the model CPU in collector threads; start the worker's JVM with "
                        + "-XX:G1HeapRegionSize=%dm (as ./breedline, the Dockerfile and deploy/k8s do)",
                g1RegionBytes.getAsLong() >> 10, largestArrayBytes >> 10, RECOMMENDED_REGION_BYTES >> 20));
    }

    // Empty unless this JVM runs G1 and reports its region size.
    private static OptionalLong g1RegionBytes() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot == null || !Boolean.parseBoolean(hotspot.getVMOption("UseG1GC").getValue())) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue()));
        } catch (RuntimeException e) {
            return OptionalLong.empty(); // not HotSpot, or the option is gone: nothing to say
        }
    }
}
