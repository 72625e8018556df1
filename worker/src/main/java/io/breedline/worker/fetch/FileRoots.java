package io.breedline.worker.fetch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The local directories images may be read from ({@code BREEDLINE_FILE_ROOTS}, a {@link File#pathSeparator}-separated
 * list of absolute directories).
 *
 * <p>Unset means no local file at all: anyone who can write a reference to the images topic could otherwise make a
 * worker open any file on its node. {@code ./breedline label FOLDER} sets the roots to the folder it labels; a
 * deployment that reads local files names their folders; {@code none} says "no local files" explicitly.
 */
public record FileRoots(List<Path> roots) {
    public static final String NONE = "none";

    public FileRoots {
        roots = List.copyOf(Objects.requireNonNull(roots, "roots"));
    }

    public static FileRoots none() {
        return new FileRoots(List.of());
    }

    public static FileRoots of(Path... roots) {
        return new FileRoots(List.of(roots));
    }

    /** Parses the variable's value; blank and {@code none} mean {@link #none()}. Each root must be an absolute path. */
    public static FileRoots parse(String value) {
        if (value == null || value.isBlank()) {
            return none();
        }
        if (value.strip().equalsIgnoreCase(NONE)) {
            return none();
        }
        List<Path> roots = new ArrayList<>();
        for (String part : value.split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            Path p = Path.of(part.strip());
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not an absolute directory");
            }
            roots.add(p.normalize());
        }
        return new FileRoots(roots);
    }

    /** Whether no local file may be read. */
    public boolean isNone() {
        return roots.isEmpty();
    }

    /** The roots with symbolic links resolved, for comparing against a file's real path. */
    List<Path> realRoots() {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                real.add(root.toAbsolutePath().normalize()); // not there (yet): compare as written
            }
        }
        return real;
    }

    @Override
    public String toString() {
        return roots.isEmpty() ? NONE : String.join(File.pathSeparator, roots.stream().map(Path::toString).toList());
    }
}
