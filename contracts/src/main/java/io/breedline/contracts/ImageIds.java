package io.breedline.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable image ids: the same source URI always gives the same id, so replays and re-ingests upsert one row. */
public final class ImageIds {
    private ImageIds() {}

    /** First 128 bits of SHA-256 of the URI, as 32 hex characters. */
    public static String forUri(String uri) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
