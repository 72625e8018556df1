package io.breedline.web.upload;

import io.breedline.web.http.ApiException;
import io.breedline.worker.decode.DecodeException;
import io.breedline.worker.decode.DecodedImage;
import io.breedline.worker.decode.ImageDecoder;

/**
 * Refuses an upload that is not a photo the worker can read, before anything is stored or sent: by its content (the
 * worker's decoder sniffs the bytes; the file name and the browser's content type are not trusted), its size and its
 * declared pixel count (checked from the header before the pixels are decoded).
 */
public final class UploadCheck {
    private final long maxBytes;
    private final ImageDecoder decoder;

    public UploadCheck(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.decoder = new ImageDecoder(maxPixels);
    }

    /** The image's format name ("JPEG", "PNG", ...), or an {@link ApiException} naming why it is refused. */
    public String check(byte[] content) {
        if (content.length == 0) {
            throw ApiException.badRequest("the photo is empty (0 bytes)");
        }
        if (content.length > maxBytes) {
            throw new ApiException(413, "the photo is " + content.length + " bytes; at most " + maxBytes + " are taken");
        }
        try {
            DecodedImage image = decoder.decodeDetailed(content);
            return image.format();
        } catch (DecodeException e) {
            String reason = e.getMessage().replace("BREEDLINE_MAX_IMAGE_PIXELS", "BREEDLINE_WEB_MAX_UPLOAD_PIXELS");
            if (reason.contains("pixel")) {
                throw new ApiException(413, "the photo is too large: " + reason);
            }
            if (reason.startsWith("not an image")) {
                throw new ApiException(415, "unsupported: " + reason);
            }
            throw new ApiException(422, "the photo cannot be read: " + reason);
        }
    }

    /** The last segment of what the browser called the file, printable, at most 200 characters. */
    public static String safeName(String given) {
        String name = given == null ? "" : given;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > 200) {
            name = name.substring(name.length() - 200);
        }
        return name.isEmpty() || name.matches("\\.+") ? "upload" : name;
    }
}
