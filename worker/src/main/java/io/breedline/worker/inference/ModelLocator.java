package io.breedline.worker.inference;

import io.breedline.clients.s3.S3Location;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds the SavedModel directory {@code BREEDLINE_MODEL} names: a directory holding {@code saved_model.pb}, that file
 * itself, a {@code .zip} / {@code .tar.gz} / {@code .tgz} / {@code .tar} archive of one, an {@code s3://bucket/prefix/}
 * holding one, or an {@code s3://bucket/model.tar.gz} object. Archives are unpacked and S3 models downloaded into
 * {@code <cache>/models/<name>-<hash>}: the hash is of the archive's bytes, of an S3 object's ETag and size, or of an S3
 * listing's keys, ETags and sizes, so a changed model is fetched again and an unchanged one is reused on the next
 * start. Each entry is built in a temporary directory beside it and moved into place whole, so a killed start never
 * leaves an entry that looks complete.
 */
public final class ModelLocator {
    static final String SAVED_MODEL = "saved_model.pb";
    private static final Logger log = LoggerFactory.getLogger(ModelLocator.class);

    /** A local SavedModel directory and the name the model goes by unless configured. */
    public record LocatedModel(Path dir, String defaultName) {}

    private ModelLocator() {}

    public static LocatedModel locate(String model, Supplier<S3Client> s3, Path cacheDir) {
        if (S3Location.isS3(model)) {
            S3Location location = S3Location.parse(model);
            String key = location.key();
            Optional<ArchiveUnpacker.Format> format = key.endsWith("/") ? Optional.empty()
                    : ArchiveUnpacker.Format.of(key.substring(key.lastIndexOf('/') + 1));
            if (format.isPresent()) {
                return downloadArchive(location, format.get(), s3.get(), cacheDir);
            }
            return download(location, s3.get(), cacheDir);
        }
        Path path = Path.of(model);
        if (Files.isRegularFile(path) && path.getFileName().toString().equals(SAVED_MODEL)) {
            path = path.toAbsolutePath().getParent();
        }
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve(SAVED_MODEL))) {
            Path dir = path.toAbsolutePath().normalize();
            return new LocatedModel(dir, dir.getFileName().toString());
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("BREEDLINE_MODEL=" + model + " does not exist");
        }
        String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
        Optional<ArchiveUnpacker.Format> format = ArchiveUnpacker.Format.of(fileName);
        if (Files.isRegularFile(path) && format.isPresent()) {
            String name = format.get().stem(fileName);
            return unpackOnce(path, format.get(), path.toString(), cacheDir, name, fileHash(path));
        }
        throw new IllegalArgumentException("BREEDLINE_MODEL=" + model + " is not a SavedModel: no " + SAVED_MODEL
                + " in it" + (Files.isRegularFile(path) ? " (a file; archives must end in .zip, .tar.gz, .tgz or .tar)" : ""));
    }

    /** Downloads an archive object once (keyed by its ETag and size, so it is not fetched again to learn its hash). */
    static LocatedModel downloadArchive(S3Location location, ArchiveUnpacker.Format format, S3Client s3, Path cacheDir) {
        String uri = "s3://" + location.bucket() + "/" + location.key();
        HeadObjectResponse head;
        try {
            head = s3.headObject(HeadObjectRequest.builder().bucket(location.bucket()).key(location.key()).build());
        } catch (NoSuchKeyException e) {
            throw new IllegalArgumentException("BREEDLINE_MODEL=" + uri + " does not exist (no such object)", e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the model archive " + uri + ": " + e.getMessage(), e);
        }
        String fileName = location.key().substring(location.key().lastIndexOf('/') + 1);
        String name = format.stem(fileName);
        String hash = hash(uri + "\n" + head.eTag() + "\t" + head.contentLength());
        Path dir = cacheDir.resolve("models").resolve(name + "-" + hash);
        if (Files.isDirectory(dir)) {
            log.info("Model {} already unpacked in {}", uri, dir);
            return new LocatedModel(SavedModelDirs.find(dir, uri), name);
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir.getParent());
            tmp = Files.createTempDirectory(dir.getParent(), ".download-");
            Path archive = tmp.resolve(fileName);
            log.info("Downloading model archive {} ({} bytes) to {}", uri, head.contentLength(), archive);
            s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(location.key())
                    .ifMatch(head.eTag()).build(), archive);
            return unpackOnce(archive, format, uri, cacheDir, name, hash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download the model archive " + uri + " to " + dir.getParent(), e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot download the model archive " + uri + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    static LocatedModel unpackOnce(Path archive, ArchiveUnpacker.Format format, String source, Path cacheDir,
            String name, String hash) {
        Path root = cacheDir.resolve("models");
        Path dir = root.resolve(name + "-" + hash);
        if (Files.isDirectory(dir)) {
            log.info("Model archive {} already unpacked in {}", source, dir);
            return new LocatedModel(SavedModelDirs.find(dir, source), name);
        }
        log.info("Unpacking model archive {} to {}", source, dir);
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, ".unpack-");
            ArchiveUnpacker.unpack(archive, format, source, tmp, ArchiveUnpacker.Limits.DEFAULT);
            SavedModelDirs.find(tmp, source); // refuse an archive without a SavedModel before it takes the cache name
            moveIntoPlace(tmp, dir);
            tmp = null;
            return new LocatedModel(SavedModelDirs.find(dir, source), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the model archive " + source + " to " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
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
        if (Files.isDirectory(dir)) {
            log.info("Model {} already downloaded to {}", uri, dir);
            return new LocatedModel(dir, name);
        }
        log.info("Downloading model {} ({} objects) to {}", uri, objects.size(), dir);
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, ".download-");
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
            tmp = null;
            return new LocatedModel(dir, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download the model " + uri + " to " + dir, e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot download the model " + uri + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    // Only whole entries are ever moved in, so an existing directory is a complete one another worker made first.
    private static void moveIntoPlace(Path tmp, Path dir) throws IOException {
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // FileAlreadyExistsException, or on some file systems a plain IOException for a non-empty target.
            if (!Files.isDirectory(dir)) {
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
        StringBuilder listing = new StringBuilder(uri);
        for (S3Object o : objects) {
            listing.append('\n').append(o.key()).append('\t').append(o.eTag()).append('\t').append(o.size());
        }
        return hash(listing.toString());
    }

    private static String hash(String text) {
        MessageDigest digest = sha256();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static String fileHash(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model archive " + file, e);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void deleteQuietly(Path dir) {
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
