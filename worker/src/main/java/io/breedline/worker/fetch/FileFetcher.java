package io.breedline.worker.fetch;

import io.breedline.contracts.ImageRef;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads local files (absolute paths or {@code file:} URIs) confined to {@link FileRoots}: a path with {@code ..} is
 * refused outright, and a file is allowed only if its real path (symbolic links resolved) is inside a root, so a link
 * inside a root cannot lead out of it.
 */
public final class FileFetcher implements ObjectFetcher {
    // Kernel and device files are never images, and some hold secrets (/proc/self/environ holds the process's
    // environment, credentials included): refused whatever BREEDLINE_FILE_ROOTS says, even under a root of "/".
    private static final List<Path> SYSTEM_DIRS = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

    private final FileRoots roots;
    private final List<Path> realRoots;
    private final long maxBytes;

    public FileFetcher(FileRoots roots, long maxBytes) {
        this.roots = roots;
        this.realRoots = roots.realRoots();
        this.maxBytes = maxBytes;
    }

    static boolean handles(String uri) {
        return uri.startsWith("file:") || uri.startsWith("/");
    }

    @Override
    public byte[] fetch(ImageRef ref) throws FetchException {
        String uri = ref.uri();
        Path path = toPath(uri);
        if (!path.isAbsolute()) {
            throw new FetchException(uri + ": not an absolute path", false);
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw new FetchException(uri + ": refused, the path contains '..'", false);
            }
        }
        if (isSystemFile(path)) {
            throw systemFile(uri);
        }
        if (roots.isNone()) {
            throw new FetchException(uri + ": refused, this worker reads no local files (set BREEDLINE_FILE_ROOTS to "
                    + "the folders it may read images from)", false);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new FetchException(uri + ": no such file", false, e);
        } catch (AccessDeniedException e) {
            throw new FetchException(uri + ": permission denied", false, e);
        } catch (IOException e) {
            throw new FetchException(uri + ": cannot resolve the path: " + e.getMessage(), false, e);
        }
        if (isSystemFile(real)) {
            throw systemFile(uri);
        }
        if (realRoots.stream().noneMatch(real::startsWith)) {
            String target = real.equals(path) ? "" : " (it resolves to " + real + ")";
            throw new FetchException(uri + ": refused, outside the allowed directories" + target
                    + "; BREEDLINE_FILE_ROOTS=" + roots, false);
        }
        if (!Files.isRegularFile(real)) {
            throw new FetchException(uri + ": not a regular file", false);
        }
        try {
            long size = Files.size(real);
            if (size > maxBytes) {
                throw new FetchException(uri + ": refused, " + size + " bytes is more than the limit of " + maxBytes
                        + " (BREEDLINE_MAX_IMAGE_BYTES)", false);
            }
            return Files.readAllBytes(real);
        } catch (AccessDeniedException e) {
            throw new FetchException(uri + ": permission denied", false, e);
        } catch (IOException e) {
            throw new FetchException(uri + ": cannot read the file: " + e.getMessage(), true, e);
        }
    }

    private static boolean isSystemFile(Path p) {
        return SYSTEM_DIRS.stream().anyMatch(p::startsWith);
    }

    private static FetchException systemFile(String uri) {
        return new FetchException(uri + ": refused, a system file (/proc, /sys and /dev are never read)", false);
    }

    private static Path toPath(String uri) throws FetchException {
        try {
            return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new FetchException(uri + ": not a valid file path or file: URI: " + e.getMessage(), false, e);
        }
    }
}
