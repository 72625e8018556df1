package io.breedline.worker.prepare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Archives made by the tests: zips with java.util.zip, tars with a minimal ustar writer (so a test can write entries no
 * well-behaved tool would, like {@code ../x} or a symlink) or with the system's {@code tar}.
 */
public final class TestArchives {
    private TestArchives() {}

    /** A fake SavedModel: the files TensorFlow's format defines, with some bytes in them. */
    public static Path fakeSavedModel(Path dir, String weights) throws IOException {
        Files.createDirectories(dir.resolve("variables"));
        Files.writeString(dir.resolve("saved_model.pb"), "graph");
        Files.writeString(dir.resolve("variables/variables.index"), "index");
        Files.writeString(dir.resolve("variables/variables.data-00000-of-00001"), weights);
        Files.writeString(dir.resolve("labels.txt"), "a\nb\n");
        return dir;
    }

    /** Every file under {@code dir}, keyed by its path relative to {@code dir} with {@code prefix} in front. */
    public static Map<String, byte[]> filesOf(Path dir, String prefix) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(prefix + dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return files;
    }

    public static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Marks a zip entry as a Unix symbolic link, the way Info-ZIP's {@code zip -y} stores one. */
    public static void markZipSymlink(Path zip, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 + nameBytes.length <= bytes.length; i++) {
            boolean central = bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02;
            int nameLength = (bytes[i + 28] & 0xff) | (bytes[i + 29] & 0xff) << 8;
            if (central && nameLength == nameBytes.length
                    && new String(bytes, i + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
                bytes[i + 5] = 3; // made by: Unix
                int mode = 0xa1ff; // lrwxrwxrwx
                bytes[i + 40] = (byte) mode;
                bytes[i + 41] = (byte) (mode >> 8);
                Files.write(zip, bytes);
                return;
            }
        }
        throw new IllegalArgumentException("no central directory entry " + name + " in " + zip);
    }

    /** One tar entry for {@link #tarGz}: type '0' file, '5' directory, '1' hard link, '2' symlink. */
    public record TarEntry(String name, char type, byte[] data) {
        public static TarEntry file(String name, String data) {
            return new TarEntry(name, '0', data.getBytes(StandardCharsets.UTF_8));
        }

        public static TarEntry of(String name, char type) {
            return new TarEntry(name, type, new byte[0]);
        }
    }

    public static Path tarGz(Path file, List<TarEntry> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(tar(entries));
        }
        return file;
    }

    public static byte[] tar(List<TarEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TarEntry e : entries) {
            byte[] header = new byte[512];
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            if (name.length > 100) {
                throw new IllegalArgumentException("the test writer keeps names under 100 bytes: " + e.name());
            }
            System.arraycopy(name, 0, header, 0, name.length);
            octal(header, 100, 8, 0644);
            octal(header, 108, 8, 0);
            octal(header, 116, 8, 0);
            octal(header, 124, 12, e.data().length);
            octal(header, 136, 12, 0);
            header[156] = (byte) e.type();
            if (e.type() == '1' || e.type() == '2') {
                byte[] link = "saved_model.pb".getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(link, 0, header, 157, link.length);
            }
            System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
            header[263] = '0';
            header[264] = '0';
            for (int i = 148; i < 156; i++) {
                header[i] = ' ';
            }
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            octal(header, 148, 7, sum);
            out.write(header);
            out.write(e.data());
            out.write(new byte[(512 - e.data().length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String s = String.format("%0" + (length - 1) + "o", value);
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
        header[offset + length - 1] = 0;
    }

    /** Runs the system's {@code tar} (GNU or BSD) with these arguments in {@code workDir}; false when there is none. */
    public static boolean systemTar(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("tar");
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return false;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tar " + String.join(" ", args) + " failed: " + output);
        }
        return true;
    }
}
