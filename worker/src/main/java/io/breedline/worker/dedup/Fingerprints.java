package io.breedline.worker.dedup;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit fingerprints the label index keeps instead of strings. A collision of two images' fingerprints and of
 * their contents' at once (about 1 in 10^19 per lookup) would skip an image wrongly; nothing else depends on them.
 *
 * <p>Hand-written: a fingerprint is two arithmetic lines, and the JDK has no 64-bit string hash (a library such as
 * Guava's {@code Hashing} would bring a large dependency for one function).
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
