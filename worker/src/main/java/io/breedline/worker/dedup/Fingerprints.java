package io.breedline.worker.dedup;

import io.breedline.contracts.Sequencers;
import java.nio.charset.StandardCharsets;

/**
 * The 64-bit fingerprints the label index keeps instead of strings. A collision of two images' fingerprints and of
 * their contents' at once (about 1 in 10^19 per lookup) would skip an image wrongly; nothing else depends on them.
 */
final class Fingerprints {
    private Fingerprints() {}

    static long image(String imageId) {
        return hash("i:" + imageId);
    }

    /**
     * What identifies the content: the ETag (unquoted: listings quote it, events do not), else the version id, else
     * nothing (0: such an image is never skipped).
     */
    static long content(String etag, String versionId) {
        String e = ETags.normalize(etag);
        if (e != null) {
            return nonZero(hash("e:" + e));
        }
        if (versionId != null && !versionId.isEmpty()) {
            return nonZero(hash("v:" + versionId));
        }
        return 0;
    }

    /** A normalized sequencer as an unsigned 128-bit number {high, low}; {0, 0} for none. */
    static long[] sequencer(String sequencer) {
        String s = Sequencers.normalize(sequencer);
        if (s == null) {
            return new long[] {0, 0};
        }
        int half = Sequencers.WIDTH / 2;
        return new long[] {Long.parseUnsignedLong(s.substring(0, half), 16), Long.parseUnsignedLong(s.substring(half), 16)};
    }

    /** {@link Sequencers#replaces} on the numeric form: none ({0, 0}) never blocks and always gives way. */
    static boolean replaces(long[] incoming, long[] stored) {
        if (isNone(incoming) || isNone(stored)) {
            return true;
        }
        int high = Long.compareUnsigned(incoming[0], stored[0]);
        return high > 0 || (high == 0 && Long.compareUnsigned(incoming[1], stored[1]) >= 0);
    }

    /** Strictly newer, both known. */
    static boolean newer(long[] incoming, long[] stored) {
        if (isNone(incoming) || isNone(stored)) {
            return false;
        }
        int high = Long.compareUnsigned(incoming[0], stored[0]);
        return high > 0 || (high == 0 && Long.compareUnsigned(incoming[1], stored[1]) > 0);
    }

    static boolean isNone(long[] sequencer) {
        return sequencer[0] == 0 && sequencer[1] == 0;
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }

    // FNV-1a over UTF-8, then MurmurHash3's finaliser to spread the bits.
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
