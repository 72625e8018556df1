package io.breedline.worker.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model version that changes exactly when the SavedModel does: {@code sha256:} and the first 16 hex digits of a
 * hash over its files (saved_model.pb, fingerprint.pb, variables/, assets/...; not labels.txt), taken in sorted
 * relative-path order, each as path, NUL, length, bytes. The same model copied anywhere hashes the same.
 */
public final class ModelVersion {
    public static final String PREFIX = "sha256:";
    private static final int HEX_DIGITS = 16;

    private ModelVersion() {}

    public static String of(Path modelDir) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : savedModelFiles(modelDir)) {
                String relative = modelDir.relativize(file).toString().replace('\\', '/');
                digest.update(relative.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(longBytes(Files.size(file)));
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            return PREFIX + HexFormat.of().formatHex(digest.digest()).substring(0, HEX_DIGITS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash the model files in " + modelDir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    static List<Path> savedModelFiles(Path modelDir) throws IOException {
        // Following links: mounted volumes (Kubernetes ConfigMaps, some CSI drivers) present files and folders as links.
        try (Stream<Path> files = Files.walk(modelDir, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> isSavedModelPart(modelDir.relativize(f)))
                    .sorted((a, b) -> modelDir.relativize(a).toString().replace('\\', '/')
                            .compareTo(modelDir.relativize(b).toString().replace('\\', '/')))
                    .toList();
        }
    }

    // The files TensorFlow's SavedModel format defines; anything else in the directory (labels, notes) is not the model.
    private static boolean isSavedModelPart(Path relative) {
        String first = relative.getName(0).toString();
        if (relative.getNameCount() == 1) {
            return first.startsWith("saved_model.") || first.equals("fingerprint.pb");
        }
        return first.equals("variables") || first.equals("assets") || first.equals("assets.extra");
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }
}
