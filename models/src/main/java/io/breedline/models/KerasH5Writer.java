package io.breedline.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a full-model Keras 2 HDF5 file in the layout {@code keras/saving/hdf5_format.py} (2.9) gives it, through
 * h5py ({@code keras_h5_save.py} beside this class): root attributes {@code keras_version}, {@code backend},
 * {@code model_config}; {@code model_weights} with {@code layer_names} and a group per layer whose
 * {@code weight_names} lists its datasets by path, long lists split into {@code name0, name1, ...}.
 *
 * <p>Hand-off to Python because Keras stores {@code model_config} as a variable-length string, which jhdf (the
 * pure-Java HDF5 library the importer reads with) cannot write, and a fixed-length string of a real model's config
 * (100 KB and more) does not fit an HDF5 object header. Needs {@code python3} with h5py (Debian: python3-h5py).
 */
final class KerasH5Writer {
    /** A weight to write: its Keras name ({@code stem_conv/kernel:0}) and values (float[] or a Long scalar). */
    record Weight(String name, long[] dims, Object values) {}

    static final String SCRIPT = "keras_h5_save.py";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasH5Writer() {}

    /** {@code layers}: every top-level layer in order, with its weights (empty for weightless layers). */
    static void write(Path file, String kerasVersion, String modelConfig, LinkedHashMap<String, List<Weight>> layers) {
        Path work = null;
        try {
            work = Files.createTempDirectory("keras-h5-");
            ObjectNode manifest = JSON.createObjectNode().put("keras_version", kerasVersion).put("backend", "tensorflow");
            manifest.set("model_config", JSON.readTree(modelConfig));
            ArrayNode layerList = manifest.putArray("layers");
            int n = 0;
            for (Map.Entry<String, List<Weight>> layer : layers.entrySet()) {
                ObjectNode l = layerList.addObject().put("name", layer.getKey());
                ArrayNode weights = l.putArray("weights");
                for (Weight w : layer.getValue()) {
                    String name = "w" + n++ + ".bin";
                    ObjectNode entry = weights.addObject().put("name", w.name()).put("file", name)
                            .put("dtype", w.values() instanceof Long ? "int64" : "float32");
                    ArrayNode shape = entry.putArray("shape");
                    for (long d : w.dims()) {
                        shape.add(d);
                    }
                    Files.write(work.resolve(name), bytes(w.values()));
                }
            }
            Path manifestFile = work.resolve("manifest.json");
            Files.writeString(manifestFile, manifest.toString(), StandardCharsets.UTF_8);
            Path script = work.resolve(SCRIPT);
            try (InputStream in = KerasH5Writer.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script);
            }
            run(List.of(python(), script.toString(), manifestFile.toString(), file.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Keras file " + file, e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** Debian's python3 has h5py from python3-h5py; a pyenv or venv python3 on PATH may not. */
    static String python() {
        String configured = System.getenv("BREEDLINE_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("writing the Keras .h5 with h5py failed (needs python3 with h5py, "
                        + "Debian package python3-h5py; or set BREEDLINE_PYTHON): " + command + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the Keras .h5", e);
        }
    }

    private static byte[] bytes(Object values) {
        if (values instanceof Long scalar) {
            return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(scalar).array();
        }
        float[] f = (float[]) values;
        ByteBuffer buffer = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(f);
        return buffer.array();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
