package io.breedline.clients.s3;

import java.util.Objects;
import java.util.regex.Pattern;

/** A bucket and a key (or prefix), parsed from {@code s3://bucket/key}. */
public record S3Location(String bucket, String key) {
    // S3's bucket naming rules, loosely: 3-63 lower-case letters, digits, dots and hyphens.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name");
        }
    }

    public static boolean isS3(String uri) {
        return uri != null && uri.startsWith("s3://");
    }

    /** Parses {@code s3://bucket/key}; the key may be empty (the whole bucket) and is taken as is, not URL-decoded. */
    public static S3Location parse(String uri) {
        if (!isS3(uri)) {
            throw new IllegalArgumentException("'" + uri + "' is not an s3:// URI");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        return new S3Location(bucket, key);
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return uri();
    }
}
