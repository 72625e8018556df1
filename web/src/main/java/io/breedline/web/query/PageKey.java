package io.breedline.web.query;

import io.breedline.web.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page ends: the sort key of its last row, {@code (top_probability, image_id, model_version)} for labeled
 * photos and {@code image_id} for dead letters. The next page starts strictly after it, by an index range scan, so
 * page 1,000 costs what page 1 does (no OFFSET). Sent to the client as opaque URL-safe base64.
 */
public record PageKey(double confidence, String imageId, String modelVersion) {
    public String encode() {
        String raw = Double.toString(confidence) + "\n" + imageId + "\n" + modelVersion;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageKey decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = raw.split("\n", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("three fields expected");
            }
            return new PageKey(Double.parseDouble(parts[0]), parts[1], parts[2]);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'after' is not a page key this server gave out");
        }
    }
}
