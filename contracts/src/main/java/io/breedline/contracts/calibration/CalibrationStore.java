package io.breedline.contracts.calibration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Calibrations in the model cache, one JSON file per model version: {@code <cache>/calibration/<version>.json}
 * ({@code :} and other characters unsafe in a file name become {@code -}). Keyed by version, not by path, so the same
 * model unpacked twice or fetched from S3 finds its calibration, and a changed model (a new version) does not.
 * {@code evaluate --calibrate} saves; a worker loads the file of the version it serves at start-up.
 */
public final class CalibrationStore {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    /** @param cacheDir BREEDLINE_CACHE_DIR (default ~/.cache/breedline) */
    public CalibrationStore(Path cacheDir) {
        this.dir = cacheDir.resolve("calibration");
    }

    public Path fileFor(String modelVersion) {
        return dir.resolve(modelVersion.replaceAll("[^A-Za-z0-9._-]", "-") + ".json");
    }

    /** Writes it whole or not at all (a temporary file moved into place). */
    public Path save(ModelCalibration calibration) {
        Path file = fileFor(calibration.modelVersion());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "calibration-", ".tmp");
            JSON.writeValue(tmp.toFile(), calibration);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the calibration to " + file, e);
        }
    }

    public Optional<ModelCalibration> load(String modelVersion) {
        Path file = fileFor(modelVersion);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            ModelCalibration c = JSON.readValue(file.toFile(), ModelCalibration.class);
            if (!modelVersion.equals(c.modelVersion())) {
                throw new IllegalStateException("calibration file " + file + " is for model version " + c.modelVersion()
                        + ", not " + modelVersion);
            }
            return Optional.of(c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the calibration file " + file + ": " + e.getMessage(), e);
        }
    }
}
