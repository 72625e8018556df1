package io.breedline.ingest.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ListObjectsV2 call over a fixed bucket and prefix: the seam between {@link S3PrefixSource} and S3, small enough
 * to fake when proving the source holds one page at a time.
 */
public interface S3Listing {
    /**
     * Lists the page after this continuation token.
     *
     * @param continuationToken null for the first page, else the previous page's {@link Page#nextToken()}
     * @throws SourceException when the bucket is missing, access is denied or S3 cannot be reached
     */
    Page page(String continuationToken);

    /** The first {@code bytes} bytes of a listed object (a ranged GET); empty when they cannot be read. */
    default Optional<byte[]> head(SourceObject object, int bytes) {
        return Optional.empty();
    }

    /** @param nextToken the token for the next page, null when this is the last */
    record Page(List<SourceObject> objects, String nextToken) {
        public Page {
            objects = List.copyOf(Objects.requireNonNull(objects, "objects"));
        }

        public boolean isLast() {
            return nextToken == null;
        }
    }
}
