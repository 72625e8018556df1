package io.breedline.kerasimport.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An open Keras model file: its architecture (the model config JSON), the Keras version and backend it records, and
 * its weights. Reads Keras 2 HDF5 full-model files ({@code model.save('m.h5')}: attributes {@code model_config},
 * {@code keras_version}, {@code backend} and the {@code model_weights} group) and Keras 3 {@code .keras} archives
 * ({@code config.json}, {@code metadata.json}, {@code model.weights.h5}). The file is recognised by its first bytes, not
 * its name.
 */
public final class KerasFile implements AutoCloseable {
    public enum Format {
        KERAS2_HDF5("Keras 2 HDF5"),
        KERAS3_ARCHIVE("Keras 3 .keras archive");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Format format;
    private final JsonNode modelConfig;
    private final String kerasVersion;
    private final String backend;
    private final WeightStore weights;
    private final HdfFile hdf;

    KerasFile(Path path, Format format, JsonNode modelConfig, String kerasVersion, String backend,
            WeightStore weights, HdfFile hdf) {
        this.path = path;
        this.format = format;
        this.modelConfig = modelConfig;
        this.kerasVersion = kerasVersion;
        this.backend = backend;
        this.weights = weights;
        this.hdf = hdf;
    }

    /** Opens {@code file}, or refuses it with what was expected and what was found. */
    public static KerasFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException(file + ": expected a Keras model file, found "
                    + (Files.exists(file) ? "a directory" : "nothing (no such file)"));
        }
        byte[] head = head(file);
        if (startsWith(head, HDF5_SIGNATURE)) {
            return openHdf5(file);
        }
        if (startsWith(head, ZIP_SIGNATURE)) {
            return KerasArchive.open(file);
        }
        throw new ModelFileException(file + ": expected a Keras model file (HDF5 .h5, or a .keras zip archive), found "
                + (head.length == 0 ? "an empty file" : "neither (first bytes " + HexFormat.ofDelimiter(" ").formatHex(head) + ")"));
    }

    private static KerasFile openHdf5(Path file) {
        HdfFile hdf = openHdf(file, size(file), () -> new HdfFile(file));
        try {
            Optional<String> config = H5Attributes.string(hdf, "model_config");
            if (config.isEmpty()) {
                throw new ModelFileException(file + ": expected a full Keras model (attribute model_config with the "
                        + "architecture), found " + weightsOnlyOr(hdf));
            }
            Node weights = hdf.getChild("model_weights");
            if (!(weights instanceof Group group)) {
                throw new ModelFileException(file + ": expected the group model_weights beside model_config, found "
                        + new TreeSet<>(hdf.getChildren().keySet()));
            }
            String version = H5Attributes.string(hdf, "keras_version")
                    .or(() -> H5Attributes.string(group, "keras_version")).orElse("unrecorded");
            String backend = H5Attributes.string(hdf, "backend")
                    .or(() -> H5Attributes.string(group, "backend")).orElse("unrecorded");
            return new KerasFile(file, Format.KERAS2_HDF5, json(config.get(), file + " model_config"), version,
                    backend, new Keras2Weights(group, size(file)), hdf);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    static String weightsOnlyOr(HdfFile hdf) {
        if (H5Attributes.has(hdf, "layer_names")) {
            return "a weights-only file (model.save_weights) with " + H5Attributes.strings(hdf, "layer_names").size()
                    + " layers' weights and no architecture";
        }
        if (hdf.getChild("layers") != null || hdf.getChild("_layer_checkpoint_dependencies") != null) {
            return "a Keras 3 weights file (model.weights.h5) without its config.json";
        }
        return "attributes " + new TreeSet<>(hdf.getAttributes().keySet()) + " and groups "
                + new TreeSet<>(hdf.getChildren().keySet());
    }

    interface HdfOpener {
        HdfFile open();
    }

    /**
     * Opens the HDF5 file and checks it is whole: its superblock records where the file ends, so a truncated copy is
     * told from a damaged one before any weight is read. jhdf signals damage with assorted runtime exceptions; all
     * mean the same to a user.
     */
    static HdfFile openHdf(Path file, long size, HdfOpener opener) {
        HdfFile hdf = null;
        try {
            hdf = opener.open();
            long end = hdf.getUserBlockSize() + hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
            if (end > size) {
                throw new ModelFileException(file + ": expected a readable HDF5 file, found a truncated one (its "
                        + "superblock says " + end + " bytes, the file has " + size + ")");
            }
            hdf.getChildren(); // reads the root group now, so a damaged one fails here and not mid-import
            return hdf;
        } catch (ModelFileException e) {
            hdf.close();
            throw e;
        } catch (RuntimeException e) {
            if (hdf != null) {
                hdf.close();
            }
            throw new ModelFileException(file + ": expected a readable HDF5 file, found a truncated or damaged one ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    static JsonNode json(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(what + ": expected JSON, found text that does not parse ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean startsWith(byte[] head, byte[] signature) {
        if (head.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (head[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    public Path path() {
        return path;
    }

    public Format format() {
        return format;
    }

    public JsonNode modelConfig() {
        return modelConfig;
    }

    public String kerasVersion() {
        return kerasVersion;
    }

    /** Keras 3 files from {@code keras_version} 3.x onwards; Keras 2 otherwise (changes e.g. hard_sigmoid). */
    public boolean isKeras3() {
        return format == Format.KERAS3_ARCHIVE || kerasVersion.startsWith("3.");
    }

    public String backend() {
        return backend;
    }

    public WeightStore weights() {
        return weights;
    }

    @Override
    public void close() {
        hdf.close();
    }
}
