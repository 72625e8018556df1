package io.breedline.web.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Uploads in a local folder, as {@code <folder>/<content hash>/<file name>}: the same photo uploaded twice is one file
 * (and one image id), two photos with one name are two, and the file name people gave stays visible in the grid.
 */
public final class LocalUploads implements UploadStore {
    private final Path dir;

    public LocalUploads(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public String store(String fileName, byte[] content) throws IOException {
        Path folder = dir.resolve(hash(content));
        Path file = folder.resolve(UploadCheck.safeName(fileName)).normalize();
        if (!file.getParent().equals(folder)) {
            throw new IllegalArgumentException("unsafe upload name: " + fileName); // safeName makes this unreachable
        }
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, ".upload", ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return file.toString();
    }

    static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public String describe() {
        return dir.toString();
    }
}
