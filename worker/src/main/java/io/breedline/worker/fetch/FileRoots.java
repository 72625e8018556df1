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
 * <p>Unset means every local file is allowed: the one-JVM local runner reads whatever folder it is given, and sets
 * the roots to that folder. A deployment that should only read S3 sets {@code BREEDLINE_FILE_ROOTS=none}.
 */
public record FileRoots(boolean allowAll, List<Path> roots) {
    public static final String NONE = "none";

    public FileRoots {
        roots = List.copyOf(Objects.requireNonNull(roots, "roots"));
        if (allowAll && !roots.isEmpty()) {
            throw new IllegalArgumentException("FileRoots allowing everything cannot also list roots");
        }
    }

    public static FileRoots any() {
        return new FileRoots(true, List.of());
    }

    public static FileRoots none() {
        return new FileRoots(false, List.of());
    }

    public static FileRoots of(Path... roots) {
        return new FileRoots(false, List.of(roots));
    }

    /** Parses the variable's value; blank means {@link #any()}. Each root must be an absolute path. */
    public static FileRoots parse(String value) {
        if (value == null || value.isBlank()) {
            return any();
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
        return new FileRoots(false, roots);
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
        if (allowAll) {
            return "any local file";
        }
        return roots.isEmpty() ? NONE : String.join(File.pathSeparator, roots.stream().map(Path::toString).toList());
    }
}
