package io.breedline.sink.objects;

import io.breedline.sink.writer.WriteException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Objects as files under a folder, the key's slashes as sub-folders. A file is written beside its final name and
 * renamed over it, so a reader (DuckDB globbing the folder) never sees half a file, and a replay replaces it whole.
 */
public final class FolderObjectStore implements ObjectStore {
    private final Path root;

    public FolderObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void check() throws WriteException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new WriteException("cannot create the results folder " + root + ": " + e.getMessage(), e, false);
        }
        if (!Files.isWritable(root)) {
            throw new WriteException("the results folder " + root + " is not writable", null, false);
        }
    }

    @Override
    public void put(String key, byte[] body, String contentType) throws WriteException {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root)) {
            throw new WriteException("object key " + key + " leaves the results folder " + root, null, false);
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
            try {
                Files.write(temp, body);
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new WriteException("writing " + target + " failed: " + e.getMessage(), e, true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
