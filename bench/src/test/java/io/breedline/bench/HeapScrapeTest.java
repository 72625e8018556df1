package io.breedline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeapScrapeTest {
    @Test
    void sumsTheCommittedHeapPoolsAndIgnoresEverythingElse() {
        String text = """
                # HELP jvm_memory_committed_bytes The amount of memory in bytes that is committed for the JVM to use
                # TYPE jvm_memory_committed_bytes gauge
                jvm_memory_committed_bytes{area="heap",id="G1 Eden Space",service="worker"} 1.34217728E8
                jvm_memory_committed_bytes{area="nonheap",id="Metaspace",service="worker"} 6.291456E7
                jvm_memory_committed_bytes{area="heap",id="G1 Old Gen",service="worker"} 2.68435456E8
                jvm_memory_committed_bytes{area="heap",id="G1 Survivor Space",service="worker"} 0.0
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen",service="worker"} 1.0E8
                """;
        assertEquals(384, HeapScrape.committedHeapMiB(text));
    }

    @Test
    void noHeapLinesIsUnknown() {
        assertEquals(-1, HeapScrape.committedHeapMiB("process_memory_rss_bytes 1.0E9\n"));
    }
}
