package io.breedline.worker.inference;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the entries of a tar stream (POSIX ustar, GNU and pax, as GNU and BSD tar write them): regular files,
 * directories, and links and special files so the caller can refuse them. Long names come from GNU {@code L} entries
 * and pax {@code path} records; other metadata (owners, times, modes, extended attributes) is ignored.
 */
final class TarReader {
    static final int BLOCK = 512;
    // A GNU long name or a pax header is metadata about one entry; anything bigger is not a model archive.
    private static final int MAX_META_BYTES = 1 << 20;

    enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    /** One entry; {@code typeFlag} is the raw type byte, for messages about entries that are refused. */
    record Entry(String name, Type type, char typeFlag, long size) {}

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive; skips whatever of the previous entry was not read. */
    Entry next() throws IOException {
        skipRest();
        String longName = null;
        long paxSize = -1;
        while (true) {
            if (!readHeader()) {
                return null;
            }
            char flag = (char) (header[156] & 0xff);
            long size = size();
            if (flag == 'L' || flag == 'x') {
                byte[] data = readMeta(size, flag);
                if (flag == 'L') {
                    longName = cString(data, 0, data.length);
                } else {
                    Pax pax = Pax.parse(data);
                    longName = pax.path() != null ? pax.path() : longName;
                    paxSize = pax.size();
                }
                continue;
            }
            if (flag == 'g' || flag == 'K') {
                // Global pax defaults and GNU long link names do not change which file an entry is.
                readMeta(size, flag);
                continue;
            }
            if (paxSize >= 0) {
                size = paxSize;
            }
            String name = longName != null ? longName : ustarName();
            Type type = switch (flag) {
                case '0', '\0', '7' -> Type.FILE;
                case '5' -> Type.DIRECTORY;
                case '2' -> Type.SYMLINK;
                case '1' -> Type.HARDLINK;
                default -> Type.OTHER;
            };
            if (type == Type.FILE && name.endsWith("/")) {
                type = Type.DIRECTORY; // pre-POSIX tars mark directories only by the trailing slash
            }
            // Links, devices, FIFOs and directories store no data whatever their size field says.
            boolean hasData = "123456".indexOf(flag) < 0;
            remaining = hasData ? size : 0;
            padding = hasData ? (BLOCK - size % BLOCK) % BLOCK : 0;
            return new Entry(name, type, flag, size);
        }
    }

    /** The content of the current entry; reading past its size returns end of stream. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("the archive ends inside an entry (" + remaining + " bytes missing)");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private void skipRest() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    // False at the end: two zero blocks, or (as some writers leave it) one zero block or nothing at all.
    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("the archive ends inside an entry header");
        }
        if (isZero(header)) {
            return false;
        }
        long stored = octal(148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        if (stored != sum) {
            throw new IOException("not a tar archive, or a corrupt one: header checksum " + stored + " != " + sum);
        }
        return true;
    }

    private byte[] readMeta(long size, char flag) throws IOException {
        if (size > MAX_META_BYTES) {
            throw new IOException("tar metadata entry of type '" + flag + "' is " + size + " bytes, over " + MAX_META_BYTES);
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("the archive ends inside a metadata entry");
        }
        skipFully((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private String ustarName() {
        String name = cString(header, 0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r';
        // GNU's "ustar  " format uses those bytes for access times, not for a name prefix.
        boolean posix = ustar && header[262] == 0;
        String prefix = posix ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private long size() throws IOException {
        if ((header[124] & 0x80) != 0) {
            // Base-256: only needed past 8 GiB, far over any limit an archive of a model is held to.
            return Long.MAX_VALUE;
        }
        return octal(124, 12);
    }

    private long octal(int offset, int length) throws IOException {
        long value = 0;
        int end = offset + length;
        int i = offset;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 7) {
                throw new IOException("not a tar archive, or a corrupt one: bad octal field at byte " + offset);
            }
            value = value * 8 + digit;
        }
        return value;
    }

    private void skipFully(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the archive ends inside an entry");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** The pax records that matter here: {@code "<len> path=<name>\n"} and {@code "<len> size=<n>\n"}. */
    private record Pax(String path, long size) {
        static Pax parse(byte[] data) throws IOException {
            String path = null;
            long size = -1;
            int pos = 0;
            while (pos < data.length) {
                int space = pos;
                while (space < data.length && data[space] != ' ') {
                    space++;
                }
                int length;
                try {
                    length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new IOException("corrupt pax header: bad record length", e);
                }
                if (length <= space - pos || pos + length > data.length) {
                    throw new IOException("corrupt pax header: record length " + length + " out of bounds");
                }
                String record = new String(Arrays.copyOfRange(data, space + 1, pos + length - 1), StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq > 0) {
                    String key = record.substring(0, eq);
                    String value = record.substring(eq + 1);
                    if (key.equals("path")) {
                        path = value;
                    } else if (key.equals("size")) {
                        try {
                            size = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IOException("corrupt pax header: size=" + value, e);
                        }
                    }
                }
                pos += length;
            }
            return new Pax(path, size);
        }
    }
}
