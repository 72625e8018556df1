package io.breedline.worker.dedup;

/** ETags in one form: S3 listings and GetObject quote them ({@code "abc"}), event notifications do not. */
public final class ETags {
    private ETags() {}

    /** The ETag without surrounding quotes or a weak-validator prefix; null for null or blank. */
    public static String normalize(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.isEmpty() ? null : e;
    }
}
