package io.breedline.worker.prepare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared models under {@code <cache>/models/}: one directory per model name and key (a hash of the input and the
 * way it was prepared), made once. Each entry is built in a temporary directory beside it and renamed into place
 * whole, so a killed start never leaves an entry that looks complete, and of two starts preparing the same model at
 * once one wins the rename and the other discards its copy.
 */
final class ModelCache {
    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);
    private static final int KEY_BYTES = 8;

    /** Writes an entry's content into an empty directory. */
    @FunctionalInterface
    interface Filler {
        void fill(Path into) throws IOException;
    }

    private final Path root;

    ModelCache(Path cacheDir) {
        this.root = cacheDir.resolve("models");
    }

    /**
     * The entry {@code name-key}: reused when it exists, else filled, checked to hold one SavedModel, and moved into
     * place.
     *
     * @param origin how messages name the model's source
     */
    PreparedModel entry(String name, String key, String origin, Filler filler) {
        Path dir = root.resolve(name + "-" + key);
        if (Files.isDirectory(dir)) {
            log.info("Model {} already prepared in {}", origin, dir);
            return new PreparedModel(SavedModelDirs.find(dir, origin), name);
        }
        log.info("Preparing model {} in {}", origin, dir);
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, ".prepare-");
            filler.fill(tmp);
            SavedModelDirs.find(tmp, origin); // refuse an input without a SavedModel before it takes the entry's name
            moveIntoPlace(tmp, dir);
            tmp = null;
            return new PreparedModel(SavedModelDirs.find(dir, origin), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the model " + origin + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** A scratch directory inside the cache (same file system, so a download there is not copied again). */
    Path scratch() throws IOException {
        Files.createDirectories(root);
        return Files.createTempDirectory(root, ".download-");
    }

    // Only whole entries are ever moved in, so an existing directory is a complete one another process made first.
    private static void moveIntoPlace(Path tmp, Path dir) throws IOException {
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // FileAlreadyExistsException, or on some file systems a plain IOException for a non-empty target.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            log.info("Model entry {} was prepared by another process meanwhile; using that one", dir);
            deleteTree(tmp);
        }
    }

    /** The cache key of a text: the first 16 hex digits of its SHA-256. */
    static String key(String text) {
        MessageDigest digest = sha256();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(), 0, KEY_BYTES);
    }

    /** The SHA-256 of a file's bytes, in hex. */
    static String fileSha256(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model file " + file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            log.warn("Could not delete the temporary directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
