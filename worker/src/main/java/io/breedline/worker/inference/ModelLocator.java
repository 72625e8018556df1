package io.breedline.worker.inference;

import io.breedline.clients.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds the SavedModel directory {@code BREEDLINE_MODEL} names: a directory holding {@code saved_model.pb}, that file
 * itself, or an {@code s3://bucket/prefix/} whose objects are downloaded once into the cache directory. The cache
 * entry is named after a hash of the listing (keys, ETags, sizes), so a changed model is downloaded again and an
 * unchanged one never is.
 */
public final class ModelLocator {
    static final String SAVED_MODEL = "saved_model.pb";
    private static final Logger log = LoggerFactory.getLogger(ModelLocator.class);

    /** A local SavedModel directory and the name the model goes by unless configured. */
    public record LocatedModel(Path dir, String defaultName) {}

    private ModelLocator() {}

    public static LocatedModel locate(String model, Supplier<S3Client> s3, Path cacheDir) {
        if (S3Location.isS3(model)) {
            return download(S3Location.parse(model), s3.get(), cacheDir);
        }
        Path path = Path.of(model);
        if (Files.isRegularFile(path) && path.getFileName().toString().equals(SAVED_MODEL)) {
            path = path.toAbsolutePath().getParent();
        }
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(SAVED_MODEL))) {
            Path dir = path.toAbsolutePath().normalize();
            return new LocatedModel(dir, dir.getFileName().toString());
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".zip") || name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            throw new IllegalArgumentException("BREEDLINE_MODEL=" + model + " is an archive; unpack it and point "
                    + "BREEDLINE_MODEL at the directory holding " + SAVED_MODEL);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("BREEDLINE_MODEL=" + model + " does not exist");
        }
        throw new IllegalArgumentException("BREEDLINE_MODEL=" + model + " is not a SavedModel: no " + SAVED_MODEL + " in it");
    }

    static LocatedModel download(S3Location location, S3Client s3, Path cacheDir) {
        String prefix = location.key().isEmpty() || location.key().endsWith("/") ? location.key() : location.key() + "/";
        String uri = "s3://" + location.bucket() + "/" + prefix;
        List<S3Object> objects;
        try {
            objects = s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(location.bucket()).prefix(prefix).build())
                    .contents().stream()
                    .filter(o -> !o.key().endsWith("/"))
                    .sorted(Comparator.comparing(S3Object::key))
                    .toList();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot list the model at " + uri + ": " + e.getMessage(), e);
        }
        if (objects.stream().noneMatch(o -> o.key().equals(prefix + SAVED_MODEL))) {
            throw new IllegalArgumentException("BREEDLINE_MODEL=" + uri + " is not a SavedModel: no " + uri + SAVED_MODEL
                    + " (" + objects.size() + " objects under the prefix)");
        }
        String name = defaultName(location.bucket(), prefix);
        Path root = cacheDir.resolve("models");
        Path dir = root.resolve(name + "-" + listingHash(uri, objects));
        if (Files.isRegularFile(dir.resolve(SAVED_MODEL))) {
            log.info("Model {} already downloaded to {}", uri, dir);
            return new LocatedModel(dir, name);
        }
        log.info("Downloading model {} ({} objects) to {}", uri, objects.size(), dir);
        try {
            Files.createDirectories(root);
            // Download beside the final place and move it in whole, so a killed download never looks complete.
            Path tmp = Files.createTempDirectory(root, ".download-");
            for (S3Object o : objects) {
                String relative = o.key().substring(prefix.length());
                Path target = tmp.resolve(relative).normalize();
                if (!target.startsWith(tmp) || relative.startsWith("/")) {
                    throw new IllegalArgumentException("model object key " + o.key() + " escapes its prefix");
                }
                Files.createDirectories(target.getParent());
                s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(o.key()).build(), target);
            }
            moveIntoPlace(tmp, dir);
            return new LocatedModel(dir, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download the model " + uri + " to " + dir, e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot download the model " + uri + ": " + e.getMessage(), e);
        }
    }

    private static void moveIntoPlace(Path tmp, Path dir) throws IOException {
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (!Files.isRegularFile(dir.resolve(SAVED_MODEL))) {
                throw e;
            }
            deleteTree(tmp); // another worker on this host finished first
        } catch (IOException e) {
            // Some file systems report a non-empty target directory as a plain IOException.
            if (!Files.isRegularFile(dir.resolve(SAVED_MODEL))) {
                throw e;
            }
            deleteTree(tmp);
        }
    }

    static String defaultName(String bucket, String prefix) {
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return last.isEmpty() ? bucket : last;
    }

    private static String listingHash(String uri, List<S3Object> objects) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(uri.getBytes(StandardCharsets.UTF_8));
            for (S3Object o : objects) {
                digest.update(("\n" + o.key() + "\t" + o.eTag() + "\t" + o.size()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
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
