package io.breedline.web.api;

import io.breedline.web.http.ApiException;

/** Photos are addressed by image id only: 32 lower-case hex characters, never a path or a URI. */
final class ImageIds {
    static final String PATTERN = "([0-9a-f]{32})";

    private ImageIds() {}

    static String check(String id) {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw ApiException.badRequest("an image id is 32 hex characters");
        }
        return id;
    }
}
