package io.breedline.worker.inference;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model to load and how.
 *
 * @param model a SavedModel directory, its {@code saved_model.pb}, a {@code .zip}/{@code .tar.gz}/{@code .tgz}/{@code .tar}
 *     of one, a file in a registered {@link io.breedline.worker.prepare.ModelFormat}, an {@code s3://bucket/prefix/}
 *     holding a SavedModel, or an {@code s3://bucket/file} in one of those formats
 * @param labels the labels file; empty means {@code labels.txt} in the model directory
 * @param name the name predictions carry; empty means the model directory's (or archive's) name
 * @param version the version predictions carry; empty means a hash of the SavedModel files
 * @param signature the SignatureDef key to serve
 * @param cacheDir where models are prepared, once per version ({@code <cacheDir>/models/})
 * @param threads TensorFlow's intra-op and inter-op thread pools
 */
public record ModelSpec(
        String model,
        Optional<Path> labels,
        Optional<String> name,
        Optional<String> version,
        String signature,
        DeviceChoice device,
        Path cacheDir,
        SessionThreads threads) {

    public ModelSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(threads, "threads");
    }

    /** With TensorFlow's default thread pools. */
    public ModelSpec(String model, Optional<Path> labels, Optional<String> name, Optional<String> version,
            String signature, DeviceChoice device, Path cacheDir) {
        this(model, labels, name, version, signature, device, cacheDir, SessionThreads.DEFAULT);
    }
}
