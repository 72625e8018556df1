package io.breedline.worker.inference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The names of zip entries that Unix zip tools would restore as something other than a file or directory (symbolic
 * links above all). java.util.zip hides the Unix mode, which lives in the central directory's external attributes, so
 * this reads the central directory itself.
 */
final class ZipLinks {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xffff;
    // 100k entries with long names fit well within this; a bigger directory is not a model archive.
    private static final long MAX_CENTRAL_DIRECTORY = 64L << 20;
    private static final int HOST_UNIX = 3;
    private static final int HOST_MACOS = 19;
    private static final int TYPE_MASK = 0xf000;
    private static final int TYPE_FILE = 0x8000;
    private static final int TYPE_DIRECTORY = 0x4000;

    private ZipLinks() {}

    static Set<String> specialEntries(Path zip) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
            ByteBuffer end = read(ch, size - tail, tail);
            int eocd = -1;
            for (int i = tail - EOCD_SIZE; i >= 0; i--) {
                if (end.getInt(i) == EOCD) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new IOException("not a zip archive: no end of central directory record");
            }
            long entries = end.getShort(eocd + 10) & 0xffff;
            long cdSize = end.getInt(eocd + 12) & 0xffffffffL;
            long cdOffset = end.getInt(eocd + 16) & 0xffffffffL;
            long eocdPosition = size - tail + eocd;
            if ((entries == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) && eocdPosition >= 20) {
                ByteBuffer locator = read(ch, eocdPosition - 20, 20);
                if (locator.getInt(0) == ZIP64_LOCATOR) {
                    ByteBuffer zip64 = read(ch, locator.getLong(8), 56);
                    if (zip64.getInt(0) != ZIP64_EOCD) {
                        throw new IOException("corrupt zip64 archive: no zip64 end of central directory record");
                    }
                    entries = zip64.getLong(32);
                    cdSize = zip64.getLong(40);
                    cdOffset = zip64.getLong(48);
                }
            }
            if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset < 0 || cdOffset + cdSize > size) {
                throw new IOException("corrupt or oversized zip central directory (" + cdSize + " bytes at " + cdOffset + ")");
            }
            return scan(read(ch, cdOffset, (int) cdSize), entries);
        }
    }

    private static Set<String> scan(ByteBuffer cd, long entries) throws IOException {
        Set<String> special = new HashSet<>();
        int pos = 0;
        for (long i = 0; i < entries; i++) {
            if (pos + 46 > cd.limit() || cd.getInt(pos) != CENTRAL_HEADER) {
                throw new IOException("corrupt zip central directory at entry " + i);
            }
            int host = (cd.getShort(pos + 4) & 0xffff) >>> 8;
            int nameLength = cd.getShort(pos + 28) & 0xffff;
            int extraLength = cd.getShort(pos + 30) & 0xffff;
            int commentLength = cd.getShort(pos + 32) & 0xffff;
            int mode = cd.getInt(pos + 38) >>> 16;
            if (pos + 46 + nameLength > cd.limit()) {
                throw new IOException("corrupt zip central directory at entry " + i);
            }
            byte[] name = new byte[nameLength];
            cd.get(pos + 46, name);
            int type = mode & TYPE_MASK;
            if ((host == HOST_UNIX || host == HOST_MACOS) && type != 0 && type != TYPE_FILE && type != TYPE_DIRECTORY) {
                // java.util.zip decodes names as UTF-8 unless told otherwise; match it.
                special.add(new String(name, StandardCharsets.UTF_8));
            }
            pos += 46 + nameLength + extraLength + commentLength;
        }
        return special;
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("the zip archive ends early");
            }
        }
        return buf.flip().order(ByteOrder.LITTLE_ENDIAN);
    }
}
