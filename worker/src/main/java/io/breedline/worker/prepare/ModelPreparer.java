package io.breedline.worker.prepare;

import io.breedline.clients.s3.S3Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns what {@code BREEDLINE_MODEL} names into a SavedModel directory, once per model version: a directory holding
 * {@code saved_model.pb} (or that file) is used in place; a file in a known {@link ModelFormat} (a zip, tar or tar.gz
 * archive, or what other modules register) is prepared into the cache, keyed by its SHA-256; an
 * {@code s3://bucket/prefix/} holding a SavedModel is downloaded, and an {@code s3://bucket/file} in a known format is
 * downloaded and prepared, keyed by what S3 says of it. The next start with the same input reuses the entry.
 */
public final class ModelPreparer {
    private final ModelFormats formats;
    private final ModelCache cache;
    private final Supplier<S3Client> s3;

    /**
     * @param cacheDir the cache root ({@code BREEDLINE_CACHE_DIR}); entries go to {@code <cacheDir>/models/}
     * @param s3 called only for an {@code s3://} model
     */
    public ModelPreparer(ModelFormats formats, Path cacheDir, Supplier<S3Client> s3) {
        this.formats = Objects.requireNonNull(formats, "formats");
        this.cache = new ModelCache(Objects.requireNonNull(cacheDir, "cacheDir"));
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** With every installed format: the built-in archives and those registered through ServiceLoader. */
    public static ModelPreparer standard(Path cacheDir, Supplier<S3Client> s3) {
        return new ModelPreparer(ModelFormats.installed(), cacheDir, s3);
    }

    /**
     * @param model a directory, a file, or an {@code s3://} URI
     * @throws IllegalArgumentException when it does not exist or is not a model (the message names it and says why)
     */
    public PreparedModel prepare(String model) {
        if (S3Location.isS3(model)) {
            S3Location location = S3Location.parse(model);
            String key = location.key();
            S3Models models = new S3Models(s3.get(), cache);
            Optional<ModelFormat> format = key.endsWith("/") ? Optional.empty()
                    : formats.forFile(key.substring(key.lastIndexOf('/') + 1));
            return format.isPresent() ? models.object(location, format.get()) : models.prefix(location);
        }
        Path path = Path.of(model);
        if (Files.isRegularFile(path) && path.getFileName().toString().equals(PreparedModel.SAVED_MODEL)) {
            path = path.toAbsolutePath().getParent();
        }
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(PreparedModel.SAVED_MODEL))) {
            Path dir = path.toAbsolutePath().normalize();
            return new PreparedModel(dir, dir.getFileName().toString());
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("BREEDLINE_MODEL=" + model + " does not exist");
        }
        String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
        Optional<ModelFormat> format = formats.forFile(fileName);
        if (Files.isRegularFile(path) && format.isPresent()) {
            ModelFormat f = format.get();
            Path file = path;
            String key = ModelCache.key(f.name() + "\n" + f.revision() + "\n" + ModelCache.fileSha256(file));
            return cache.entry(f.modelName(fileName), key, model, into -> f.prepare(file, model, into));
        }
        throw new IllegalArgumentException("BREEDLINE_MODEL=" + model + " is not a SavedModel: no "
                + PreparedModel.SAVED_MODEL + " in it" + (Files.isRegularFile(path)
                        ? " (a file, of none of the model formats known here: " + String.join(", ", formats.names()) + ")"
                        : ""));
    }
}
