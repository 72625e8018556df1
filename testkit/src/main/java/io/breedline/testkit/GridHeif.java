package io.breedline.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a HEIC file whose primary image is a grid of tiles, as iPhones store their photos, from single-image HEIC
 * files that heif-enc made of each tile (heif-enc 1.15 cannot write grids). Optionally with a rotation ({@code irot})
 * on the grid, as a phone records how it was held. Hand-written ISO box layout, for tests only: each tile's coded
 * data and properties are copied as they are; the grid item's descriptor lives in {@code idat}.
 */
public final class GridHeif {
    private GridHeif() {}

    /** One tile as heif-enc wrote it: its property boxes (hvcC, ispe, colr...) and its coded data. */
    private record Tile(List<byte[]> properties, byte[] data) {}

    /**
     * @param tiles single-image HEIC files of equal size, row by row
     * @param rotation {@code irot} angle: quarter turns anticlockwise (0 for none)
     */
    public static byte[] grid(List<byte[]> tiles, int rows, int columns, int outputWidth, int outputHeight,
            int rotation) {
        List<Tile> parsed = tiles.stream().map(GridHeif::parse).toList();
        List<byte[]> ipco = new ArrayList<>();
        List<int[]> tileProps = new ArrayList<>();
        for (Tile t : parsed) {
            tileProps.add(t.properties().stream().mapToInt(p -> indexOf(ipco, p)).toArray());
        }
        int gridIspe = indexOf(ipco, box("ispe", ByteBuffer.allocate(12).putInt(0).putInt(outputWidth)
                .putInt(outputHeight).array()));
        int irot = rotation == 0 ? -1 : indexOf(ipco, box("irot", new byte[] {(byte) (rotation & 3)}));
        int gridId = 1;
        byte[] meta = meta(parsed, ipco, tileProps, gridIspe, irot, gridId, rows, columns, outputWidth, outputHeight, 0);
        byte[] ftyp = box("ftyp", concat("heic".getBytes(StandardCharsets.US_ASCII), new byte[4],
                "mif1heic".getBytes(StandardCharsets.US_ASCII)));
        int dataStart = ftyp.length + meta.length + 8;
        meta = meta(parsed, ipco, tileProps, gridIspe, irot, gridId, rows, columns, outputWidth, outputHeight, dataStart);
        ByteArrayOutputStream mdat = new ByteArrayOutputStream();
        parsed.forEach(t -> mdat.writeBytes(t.data()));
        return concat(ftyp, meta, box("mdat", mdat.toByteArray()));
    }

    private static byte[] meta(List<Tile> tiles, List<byte[]> ipco, List<int[]> tileProps, int gridIspe, int irot,
            int gridId, int rows, int columns, int width, int height, int dataStart) {
        int n = tiles.size();
        ByteBuffer hdlr = ByteBuffer.allocate(4 + 4 + 4 + 12 + 1).putInt(0).putInt(0)
                .put("pict".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer pitm = ByteBuffer.allocate(6).putInt(0).putShort((short) gridId);
        ByteArrayOutputStream iinf = new ByteArrayOutputStream();
        iinf.writeBytes(ByteBuffer.allocate(6).putInt(0).putShort((short) (n + 1)).array());
        iinf.writeBytes(infe(gridId, "grid", false));
        for (int i = 0; i < n; i++) {
            iinf.writeBytes(infe(gridId + 1 + i, "hvc1", true));
        }
        ByteBuffer dimg = ByteBuffer.allocate(4 + 2 * n).putShort((short) gridId).putShort((short) n);
        for (int i = 0; i < n; i++) {
            dimg.putShort((short) (gridId + 1 + i));
        }
        byte[] iref = box("iref", concat(new byte[4], box("dimg", dimg.array())));
        ByteArrayOutputStream ipma = new ByteArrayOutputStream();
        ipma.writeBytes(ByteBuffer.allocate(8).putInt(0).putInt(n + 1).array());
        int[] gridProps = irot < 0 ? new int[] {gridIspe} : new int[] {gridIspe, irot};
        ipma.writeBytes(association(gridId, gridProps));
        for (int i = 0; i < n; i++) {
            ipma.writeBytes(association(gridId + 1 + i, tileProps.get(i)));
        }
        ByteArrayOutputStream props = new ByteArrayOutputStream();
        ipco.forEach(props::writeBytes);
        byte[] iprp = box("iprp", concat(box("ipco", props.toByteArray()), box("ipma", ipma.toByteArray())));
        byte[] idat = box("idat", ByteBuffer.allocate(8).put((byte) 0).put((byte) 0).put((byte) (rows - 1))
                .put((byte) (columns - 1)).putShort((short) width).putShort((short) height).array());
        // iloc version 1: 4-byte offsets and lengths, no base offset, construction method per item.
        ByteBuffer iloc = ByteBuffer.allocate(4 + 2 + 2 + (n + 1) * 16);
        iloc.putInt(1 << 24).put((byte) 0x44).put((byte) 0x00).putShort((short) (n + 1));
        iloc.putShort((short) gridId).putShort((short) 1).putShort((short) 0).putShort((short) 1).putInt(0).putInt(8);
        int offset = dataStart;
        for (int i = 0; i < n; i++) {
            int length = tiles.get(i).data().length;
            iloc.putShort((short) (gridId + 1 + i)).putShort((short) 0).putShort((short) 0).putShort((short) 1)
                    .putInt(offset).putInt(length);
            offset += length;
        }
        return box("meta", concat(new byte[4], box("hdlr", hdlr.array()), box("pitm", pitm.array()),
                box("iloc", iloc.array()), box("iinf", iinf.toByteArray()), iref, iprp, idat));
    }

    private static byte[] infe(int id, String type, boolean hidden) {
        return box("infe", ByteBuffer.allocate(4 + 2 + 2 + 4 + 1).putInt((2 << 24) | (hidden ? 1 : 0))
                .putShort((short) id).putShort((short) 0).put(type.getBytes(StandardCharsets.US_ASCII)).put((byte) 0)
                .array());
    }

    // No property is marked essential: libheif reads them all, and ispe must not be.
    private static byte[] association(int itemId, int[] propertyIndexes) {
        ByteBuffer b = ByteBuffer.allocate(3 + propertyIndexes.length).putShort((short) itemId)
                .put((byte) propertyIndexes.length);
        for (int index : propertyIndexes) {
            b.put((byte) index);
        }
        return b.array();
    }

    private static int indexOf(List<byte[]> ipco, byte[] property) {
        for (int i = 0; i < ipco.size(); i++) {
            if (Arrays.equals(ipco.get(i), property)) {
                return i + 1;
            }
        }
        ipco.add(property);
        return ipco.size();
    }

    /** The primary item's properties and data of a single-image HEIC as heif-enc writes it. */
    private static Tile parse(byte[] file) {
        ByteBuffer f = ByteBuffer.wrap(file);
        byte[] meta = child(f, 0, file.length, "meta");
        ByteBuffer m = ByteBuffer.wrap(meta);
        int primary = ByteBuffer.wrap(child(m, 4, meta.length, "pitm")).getShort(4) & 0xffff;
        ByteBuffer iprp = ByteBuffer.wrap(child(m, 4, meta.length, "iprp"));
        byte[] ipco = child(iprp, 0, iprp.capacity(), "ipco");
        List<byte[]> all = children(ByteBuffer.wrap(ipco), 0, ipco.length);
        ByteBuffer ipma = ByteBuffer.wrap(child(iprp, 0, iprp.capacity(), "ipma"));
        int version = ipma.get(0);
        boolean wide = (ipma.getInt(0) & 1) != 0;
        int entries = ipma.getInt(4);
        int at = 8;
        List<byte[]> properties = new ArrayList<>();
        for (int e = 0; e < entries; e++) {
            int item = version < 1 ? ipma.getShort(at) & 0xffff : ipma.getInt(at);
            at += version < 1 ? 2 : 4;
            int count = ipma.get(at++) & 0xff;
            for (int c = 0; c < count; c++) {
                int index = wide ? ipma.getShort(at) & 0x7fff : ipma.get(at) & 0x7f;
                at += wide ? 2 : 1;
                if (item == primary && index > 0) {
                    properties.add(all.get(index - 1));
                }
            }
        }
        return new Tile(properties, itemData(ByteBuffer.wrap(child(m, 4, meta.length, "iloc")), primary, file));
    }

    private static byte[] itemData(ByteBuffer iloc, int item, byte[] file) {
        int version = iloc.get(0);
        int sizes = iloc.get(4) & 0xff;
        int offsetSize = sizes >> 4;
        int lengthSize = sizes & 15;
        int baseOffsetSize = (iloc.get(5) & 0xff) >> 4;
        int indexSize = version >= 1 ? iloc.get(5) & 15 : 0;
        int at = 6;
        int count = version < 2 ? iloc.getShort(at) & 0xffff : iloc.getInt(at);
        at += version < 2 ? 2 : 4;
        for (int i = 0; i < count; i++) {
            int id = version < 2 ? iloc.getShort(at) & 0xffff : iloc.getInt(at);
            at += version < 2 ? 2 : 4;
            at += version >= 1 ? 2 : 0; // construction method: heif-enc stores in the file (0)
            at += 2; // data reference index
            long base = read(iloc, at, baseOffsetSize);
            at += baseOffsetSize;
            int extents = iloc.getShort(at) & 0xffff;
            at += 2;
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (int x = 0; x < extents; x++) {
                at += indexSize;
                long offset = read(iloc, at, offsetSize);
                at += offsetSize;
                long length = read(iloc, at, lengthSize);
                at += lengthSize;
                data.write(file, (int) (base + offset), (int) length);
            }
            if (id == item) {
                return data.toByteArray();
            }
        }
        throw new IllegalArgumentException("no iloc entry for item " + item);
    }

    private static long read(ByteBuffer b, int at, int size) {
        return switch (size) {
            case 0 -> 0;
            case 4 -> b.getInt(at) & 0xffffffffL;
            case 8 -> b.getLong(at);
            default -> throw new IllegalArgumentException("field size " + size);
        };
    }

    /** The first child box of this type in {@code b[from, to)}, whole (header included). */
    private static byte[] child(ByteBuffer b, int from, int to, String type) {
        for (byte[] box : children(b, from, to)) {
            if (new String(box, 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return Arrays.copyOfRange(box, 8, box.length);
            }
        }
        throw new IllegalArgumentException("no " + type + " box");
    }

    private static List<byte[]> children(ByteBuffer b, int from, int to) {
        List<byte[]> boxes = new ArrayList<>();
        int at = from;
        while (at + 8 <= to) {
            int size = b.getInt(at);
            if (size < 8 || at + size > to) {
                throw new IllegalArgumentException("box size " + size + " at " + at);
            }
            byte[] box = new byte[size];
            b.get(at, box);
            boxes.add(box);
            at += size;
        }
        return boxes;
    }

    private static byte[] box(String type, byte[] payload) {
        return concat(ByteBuffer.allocate(8).putInt(payload.length + 8).put(type.getBytes(StandardCharsets.US_ASCII))
                .array(), payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
