package io.breedline.ingest.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The regular files under a folder, recursively, depth first, each directory's entries in name order.
 *
 * <p>Names starting with '.' (files and directories) are left out, and counted ({@link #leftOut()}). Symbolic links are not followed: one leading out of
 * the root would publish files nobody chose, and one inside it points at something the walk reaches anyway (following
 * it would publish the same image twice under two ids). The root itself may be a link.
 *
 * <p>Memory: the walk holds the entries of the directories on the current path only (to sort them), never the tree.
 */
public final class FolderSource implements ImageSource {
    private static final Logger log = LoggerFactory.getLogger(FolderSource.class);
    private static final Comparator<Path> BY_NAME = Comparator.comparing(p -> p.getFileName().toString());

    private final Path root;
    private final Map<String, Long> leftOut = new ConcurrentHashMap<>();

    /** Checks the folder can be walked; the message of a {@link SourceException} names it and says why not. */
    public FolderSource(Path folder) {
        this.root = folder.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new SourceException("folder " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new SourceException(root + " is not a directory (give a folder or an s3://bucket/prefix)");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            throw new SourceException("folder " + root + " is not readable by this user");
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String description() {
        return root.toString();
    }

    @Override
    public Map<String, Long> leftOut() {
        return Map.copyOf(leftOut);
    }

    @Override
    public Optional<byte[]> head(SourceObject object, int bytes) {
        try (InputStream in = Files.newInputStream(Path.of(object.uri()))) {
            return Optional.of(in.readNBytes(bytes));
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read the start of {}: {}", object.uri(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public Iterator<SourceObject> iterator() {
        return new Walk();
    }

    private final class Walk implements Iterator<SourceObject> {
        private final Deque<Iterator<Path>> open = new ArrayDeque<>();
        private SourceObject next;

        Walk() {
            open.push(entries(root));
        }

        @Override
        public boolean hasNext() {
            while (next == null && !open.isEmpty()) {
                Iterator<Path> current = open.peek();
                if (!current.hasNext()) {
                    open.pop();
                    continue;
                }
                next = visit(current.next());
            }
            return next != null;
        }

        @Override
        public SourceObject next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SourceObject o = next;
            next = null;
            return o;
        }

        /** The file as a source object; null when it is left out (a directory is entered instead). */
        private SourceObject visit(Path path) {
            if (path.getFileName().toString().startsWith(".")) {
                leftOut.merge("hidden (name starting with '.')", 1L, Long::sum);
                return null;
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null; // deleted since its directory was listed
            } catch (IOException e) {
                throw new SourceException("cannot read " + path + " under folder " + root + ": " + e, e);
            }
            if (attrs.isSymbolicLink()) {
                log.debug("not following symbolic link {}", path);
                leftOut.merge("symbolic link", 1L, Long::sum);
                return null;
            }
            if (attrs.isDirectory()) {
                open.push(entries(path));
                return null;
            }
            if (!attrs.isRegularFile()) {
                leftOut.merge("not a regular file", 1L, Long::sum); // sockets, pipes, devices
                return null;
            }
            return new SourceObject(path.toString(), null, null, attrs.size());
        }
    }

    private Iterator<Path> entries(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (AccessDeniedException e) {
            throw new SourceException("folder " + dir + " is not readable by this user", e);
        } catch (NoSuchFileException e) {
            return List.<Path>of().iterator(); // deleted since its parent was listed
        } catch (IOException e) {
            throw new SourceException("cannot list folder " + dir + ": " + e, e);
        } catch (DirectoryIteratorException e) {
            throw new SourceException("cannot list folder " + dir + ": " + e.getCause(), e.getCause());
        }
        entries.sort(BY_NAME);
        return entries.iterator();
    }
}
