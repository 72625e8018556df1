package io.breedline.ingest.source;

import io.breedline.clients.s3.S3Location;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/** Turns what the user typed into a source: a folder path, {@code file:///path}, or {@code s3://bucket/prefix}. */
public final class Sources {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");

    private Sources() {}

    /**
     * Opens a source, checking what can be checked before listing (the folder exists, the bucket name is valid).
     *
     * @param s3 called only for {@code s3://} sources; the caller owns (and closes) the client
     * @param s3PageSize keys per ListObjectsV2 request, 1 to 1000
     * @throws SourceException naming the source when it cannot be used
     */
    public static ImageSource open(String spec, Supplier<S3Client> s3, int s3PageSize) {
        if (spec == null || spec.isBlank()) {
            throw new SourceException("no source given: name a folder or an s3://bucket/prefix");
        }
        String trimmed = spec.trim();
        if (trimmed.regionMatches(true, 0, "file:", 0, 5)) {
            return folder(trimmed, fileUriPath(trimmed));
        }
        Matcher m = SCHEME.matcher(trimmed);
        if (!m.find()) {
            return folder(trimmed, trimmed);
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "s3" -> s3("s3://" + trimmed.substring(m.end()), s3, s3PageSize);
            default -> throw new SourceException("source '" + trimmed + "' has an unsupported scheme '" + scheme
                    + "': use a folder path or s3://bucket/prefix");
        };
    }

    private static ImageSource s3(String spec, Supplier<S3Client> s3, int pageSize) {
        S3Location location;
        try {
            location = S3Location.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new SourceException("source '" + spec + "' is not a valid s3://bucket/prefix: " + e.getMessage(), e);
        }
        return new S3PrefixSource(location, new SdkS3Listing(s3.get(), location, pageSize));
    }

    private static ImageSource folder(String spec, String path) {
        try {
            return new FolderSource(Path.of(path));
        } catch (InvalidPathException e) {
            throw new SourceException("source '" + spec + "' is not a valid folder path: " + e.getMessage(), e);
        }
    }

    private static String fileUriPath(String spec) {
        try {
            return Path.of(URI.create(spec)).toString();
        } catch (IllegalArgumentException e) {
            throw new SourceException("source '" + spec + "' is not a valid file: URI: " + e.getMessage(), e);
        }
    }
}
