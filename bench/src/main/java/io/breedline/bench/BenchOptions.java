package io.breedline.bench;

import io.breedline.worker.decode.DecodeMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * @param images images per set
 * @param batchSize the worker's max batch size, and the ceiling's batch
 * @param model a SavedModel; empty: the demo model
 * @param sets "small" (500x375), "large" (4032x3024) or both
 * @param decode the worker's and the naive loop's decode path
 * @param samples the photos the images are made from
 * @param bf16 also compare oneDNN's bf16 math mode with fp32 (two child JVMs)
 * @param rounds how many times to measure everything; more than one adds the medians
 * @param warmUp images through (b)'s pipeline, untimed, before it is timed
 * @param infraNice the niceness of (b)'s Kafka, S3 and sink process, 0 to 19
 * @param commandLine echoed in the report
 */
public record BenchOptions(int images, int batchSize, Optional<String> model, List<String> sets, DecodeMode decode,
        Path samples, boolean bf16, int rounds, int warmUp, int infraNice, String commandLine) {
    public BenchOptions {
        if (images < 1) {
            throw new IllegalArgumentException("--images must be at least 1, was " + images);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, was " + batchSize);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
        }
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up must be 0 or more, was " + warmUp);
        }
        if (infraNice < 0 || infraNice > 19) {
            throw new IllegalArgumentException("--infra-nice must be 0 to 19, was " + infraNice);
        }
        for (String set : sets) {
            if (!set.equals("small") && !set.equals("large")) {
                throw new IllegalArgumentException("--set must be small, large or both, was " + set);
            }
        }
    }
}
