package io.breedline.worker.prepare;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a model archive ({@code .zip}, {@code .tar.gz}/{@code .tgz}, {@code .tar}) into an empty directory, reading
 * it with commons-compress. An archive is input from outside, so nothing in it may land outside that directory (no
 * absolute names, no {@code ..}), nothing but files and directories is created (no links, devices, FIFOs or sparse
 * files), and it may not fill the disk: the bytes actually written and the entries are counted against
 * {@link Limits}, whatever sizes the archive claims.
 */
final class ArchiveUnpacker {
    private static final int BUFFER = 64 * 1024;
    private static final int UNIX_TYPE_MASK = 0xf000;
    private static final int UNIX_FILE = 0x8000;
    private static final int UNIX_DIRECTORY = 0x4000;

    /** How big an unpacked model may get. */
    record Limits(long maxBytes, int maxEntries) {
        static final long MAX_BYTES_DEFAULT = 4L << 30;
        static final int MAX_ENTRIES_DEFAULT = 100_000;
        static final Limits DEFAULT = new Limits(MAX_BYTES_DEFAULT, MAX_ENTRIES_DEFAULT);

        Limits {
            if (maxBytes < 1 || maxEntries < 1) {
                throw new IllegalArgumentException("archive limits must be positive: " + maxBytes + " bytes, " + maxEntries + " entries");
            }
        }
    }

    private final Path archive;
    private final String source;
    private final Path into;
    private final Limits limits;
    private long bytes;
    private int entries;

    private ArchiveUnpacker(Path archive, String source, Path into, Limits limits) {
        this.archive = archive;
        this.source = source;
        this.into = into.toAbsolutePath().normalize();
        this.limits = limits;
    }

    /**
     * Unpacks {@code archive} into the existing directory {@code into}.
     *
     * @param source how messages name the archive (its path or {@code s3://} URI)
     * @throws IllegalArgumentException when the archive holds something it may not
     * @throws IOException when it cannot be read (corrupt, not the format its name says) or written
     */
    static void unpack(Path archive, ArchiveFormat format, String source, Path into, Limits limits) throws IOException {
        ArchiveUnpacker unpacker = new ArchiveUnpacker(archive, source, into, limits);
        if (format.isZip()) {
            unpacker.unzip();
        } else {
            unpacker.untar(format.isGzipped());
        }
    }

    private void unzip() throws IOException {
        // ZipFile reads the central directory, where the Unix mode (and so a link) is recorded; the stream form cannot.
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> all = zip.getEntries();
            while (all.hasMoreElements()) {
                ZipArchiveEntry entry = all.nextElement();
                int type = entry.getUnixMode() & UNIX_TYPE_MASK;
                if (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && type != 0 && type != UNIX_FILE
                        && type != UNIX_DIRECTORY) {
                    throw refused(entry.getName(), "is a symbolic link or special file; a model archive may hold only files and directories");
                }
                if (entry.isDirectory()) {
                    directory(entry.getName());
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        file(entry.getName(), entry.getSize(), in);
                    }
                }
            }
        }
    }

    private void untar(boolean gzipped) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
                InputStream in = gzipped ? new GZIPInputStream(raw, BUFFER) : raw;
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = next(tar); entry != null; entry = next(tar)) {
                char flag = (char) entry.getLinkFlag();
                if (entry.isSymbolicLink()) {
                    throw refused(entry.getName(), "is a symbolic link; a model archive may hold only files and directories");
                } else if (entry.isLink()) {
                    throw refused(entry.getName(), "is a hard link; a model archive may hold only files and directories");
                } else if (flag == '5' || (isPlainFile(flag) && entry.getName().endsWith("/"))) {
                    directory(entry.getName()); // pre-POSIX tars mark directories only by the trailing slash
                } else if (isPlainFile(flag) && !entry.isSparse()) {
                    file(entry.getName(), entry.getSize(), tar);
                } else {
                    throw refused(entry.getName(), "has tar type '" + flag
                            + "' (device, FIFO, sparse or vendor-specific); a model archive may hold only files and directories");
                }
            }
        }
    }

    // '0' and NUL are regular files; '7' (contiguous) is one too, to every tar that is not a 1980s Masscomp.
    private static boolean isPlainFile(char flag) {
        return flag == '0' || flag == '\0' || flag == '7';
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar) throws IOException {
        TarArchiveEntry entry;
        try {
            entry = tar.getNextEntry();
        } catch (IOException e) {
            throw new IOException("not a tar archive, or a corrupt one: " + e.getMessage(), e);
        }
        if (entry != null && !entry.isCheckSumOK()) {
            throw new IOException("not a tar archive, or a corrupt one: bad header checksum at entry '" + entry.getName() + "'");
        }
        return entry;
    }

    private void directory(String name) throws IOException {
        Optional<Path> target = target(name);
        if (target.isPresent()) {
            Files.createDirectories(target.get());
        }
    }

    private void file(String name, long declaredSize, InputStream content) throws IOException {
        Optional<Path> target = target(name);
        if (target.isEmpty()) {
            throw refused(name, "is a file without a name");
        }
        if (declaredSize > limits.maxBytes() - bytes) {
            throw tooBig(name);
        }
        Files.createDirectories(target.get().getParent());
        // CREATE_NEW: an entry that appears twice must not silently replace the first one.
        try (OutputStream out = Files.newOutputStream(target.get(), StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[BUFFER];
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                bytes += n;
                if (bytes > limits.maxBytes()) {
                    throw tooBig(name);
                }
                out.write(buffer, 0, n);
            }
        } catch (FileAlreadyExistsException e) {
            throw refused(name, "appears twice");
        }
    }

    // Empty for the archive's root itself ("./" in tars made with `tar -C dir .`).
    private Optional<Path> target(String name) {
        if (++entries > limits.maxEntries()) {
            throw refused("has more than the " + limits.maxEntries() + " entries allowed");
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw refused(name, "has a NUL or backslash in its name; entry names use '/' between folders");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw refused(name, "has an absolute path; it would be written outside the model directory");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw refused(name, "has '..' in its path; it could be written outside the model directory");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Path target = into.resolve(String.join("/", parts)).normalize();
        if (!target.startsWith(into) || target.equals(into)) {
            throw refused(name, "would be written outside the model directory");
        }
        return Optional.of(target);
    }

    private IllegalArgumentException tooBig(String name) {
        return refused(name, "takes the unpacked model over " + limits.maxBytes() + " bytes");
    }

    private IllegalArgumentException refused(String name, String reason) {
        return refused("entry '" + name + "' " + reason);
    }

    private IllegalArgumentException refused(String what) {
        return new IllegalArgumentException("model archive " + source + " refused: " + what);
    }
}
