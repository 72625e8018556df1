package io.breedline.worker.decode;

/**
 * The eight EXIF orientations (TIFF tag 0x0112): how the stored pixels must be turned to be seen upright. Phones store
 * the sensor's rows as they come and record the turn here, so a portrait photo is stored sideways.
 */
public enum Orientation {
    NORMAL(1, "as stored"),
    MIRRORED(2, "mirrored left to right"),
    ROTATED_180(3, "rotated 180°"),
    FLIPPED(4, "flipped top to bottom"),
    TRANSPOSED(5, "mirrored and rotated 90° anticlockwise"),
    ROTATED_90_CLOCKWISE(6, "rotated 90° clockwise"),
    TRANSVERSE(7, "mirrored and rotated 90° clockwise"),
    ROTATED_90_ANTICLOCKWISE(8, "rotated 90° anticlockwise");

    private final int tag;
    private final String turn;

    Orientation(int tag, String turn) {
        this.tag = tag;
        this.turn = turn;
    }

    /** The orientation with this EXIF value; anything outside 1..8 is {@link #NORMAL}, as viewers treat it. */
    public static Orientation ofTag(int value) {
        for (Orientation o : values()) {
            if (o.tag == value) {
                return o;
            }
        }
        return NORMAL;
    }

    public int tag() {
        return tag;
    }

    /** What is done to the stored pixels to show them upright, e.g. "rotated 90° clockwise". */
    public String turn() {
        return turn;
    }

    /** Whether the upright image is as wide as the stored one is high. */
    public boolean swapsAxes() {
        return tag >= 5;
    }

    /** The image turned upright. */
    public RgbImage apply(RgbImage stored) {
        if (this == NORMAL) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        int outW = swapsAxes() ? h : w;
        int outH = swapsAxes() ? w : h;
        // Upright pixel (x, y) is stored pixel origin + x * stepX + y * stepY (in pixels, row-major); e.g. for 6 the
        // stored top row becomes the right column, so walking right along an upright row walks up a stored column.
        int origin;
        int stepX;
        int stepY;
        switch (this) {
            case MIRRORED -> { origin = w - 1; stepX = -1; stepY = w; }
            case ROTATED_180 -> { origin = (h - 1) * w + w - 1; stepX = -1; stepY = -w; }
            case FLIPPED -> { origin = (h - 1) * w; stepX = 1; stepY = -w; }
            case TRANSPOSED -> { origin = 0; stepX = w; stepY = 1; }
            case ROTATED_90_CLOCKWISE -> { origin = (h - 1) * w; stepX = -w; stepY = 1; }
            case TRANSVERSE -> { origin = (h - 1) * w + w - 1; stepX = -w; stepY = -1; }
            case ROTATED_90_ANTICLOCKWISE -> { origin = w - 1; stepX = w; stepY = -1; }
            default -> throw new AssertionError(this);
        }
        byte[] in = stored.pixels();
        byte[] out = new byte[in.length];
        int o = 0;
        for (int y = 0; y < outH; y++) {
            int p = origin + y * stepY;
            for (int x = 0; x < outW; x++, p += stepX) {
                int i = p * 3;
                out[o++] = in[i];
                out[o++] = in[i + 1];
                out[o++] = in[i + 2];
            }
        }
        return new RgbImage(outW, outH, out);
    }
}
