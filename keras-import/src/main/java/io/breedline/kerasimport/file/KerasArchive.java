package io.breedline.kerasimport.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A Keras 3 {@code .keras} archive ({@code saving_lib.save_model}): a zip of {@code config.json},
 * {@code metadata.json} and {@code model.weights.h5}. The weights are read into memory, at most
 * {@link #MAX_EXPANSION} times the archive's size, so a zip bomb is refused instead of exhausting the heap.
 */
final class KerasArchive {
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    /** Keras stores weights uncompressed or deflated; float weights do not deflate to a hundredth of their size. */
    static final long MAX_EXPANSION = 100;

    private KerasArchive() {}

    static KerasFile open(Path file) {
        long limit = Math.min(Integer.MAX_VALUE - 8L, KerasFile.size(file) * MAX_EXPANSION);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            TreeSet<String> names = new TreeSet<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                names.add(entry.getName());
                if (entry.getName().equals(CONFIG) || entry.getName().equals(METADATA)
                        || entry.getName().equals(WEIGHTS)) {
                    entries.put(entry.getName(), read(zip, entry, limit, file));
                }
            }
            if (!entries.containsKey(CONFIG) || !entries.containsKey(WEIGHTS)) {
                throw new ModelFileException(file + ": expected a .keras archive with " + CONFIG + " and " + WEIGHTS
                        + ", found entries " + names);
            }
        } catch (ZipException e) {
            throw new ModelFileException(file + ": expected a readable zip archive (.keras), found a truncated or "
                    + "damaged one (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read the archive (" + e.getMessage() + ")", e);
        }
        JsonNode config = KerasFile.json(new String(entries.get(CONFIG), StandardCharsets.UTF_8), file + " " + CONFIG);
        JsonNode metadata = entries.containsKey(METADATA)
                ? KerasFile.json(new String(entries.get(METADATA), StandardCharsets.UTF_8), file + " " + METADATA)
                : null;
        String version = metadata == null ? "unrecorded" : metadata.path("keras_version").asText("unrecorded");
        String backend = metadata == null ? "unrecorded" : metadata.path("backend").asText("unrecorded");
        byte[] weights = entries.get(WEIGHTS);
        HdfFile hdf = KerasFile.openHdf(Path.of(file + "!/" + WEIGHTS), weights.length,
                () -> HdfFile.fromBytes(weights));
        return new KerasFile(file, KerasFile.Format.KERAS3_ARCHIVE, config, version, backend, new Keras3Weights(hdf),
                hdf);
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, long limit, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                throw new ModelFileException(file + ": expected " + entry.getName() + " of at most " + limit
                        + " bytes (" + MAX_EXPANSION + " times the archive), found more");
            }
            return bytes;
        }
    }
}
