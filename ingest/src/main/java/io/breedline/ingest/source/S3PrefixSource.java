package io.breedline.ingest.source;

import io.breedline.clients.s3.S3Location;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The objects whose keys start with a prefix, in S3's key order. Pages are requested one at a time, only once the
 * previous page has been consumed, so memory stays at one page whatever the number of keys.
 *
 * <p>The prefix is taken literally, as S3 does: {@code s3://b/dogs} also lists {@code dogs-old/x.jpg}; end it with
 * '/' to mean a "folder".
 */
public final class S3PrefixSource implements ImageSource {
    private final S3Location location;
    private final S3Listing listing;

    public S3PrefixSource(S3Location location, S3Listing listing) {
        this.location = Objects.requireNonNull(location, "location");
        this.listing = Objects.requireNonNull(listing, "listing");
    }

    @Override
    public String description() {
        return location.uri();
    }

    @Override
    public Optional<byte[]> head(SourceObject object, int bytes) {
        return listing.head(object, bytes);
    }

    @Override
    public Iterator<SourceObject> iterator() {
        return new Pages();
    }

    private final class Pages implements Iterator<SourceObject> {
        private Iterator<SourceObject> page;
        private String nextToken;
        private boolean last;

        @Override
        public boolean hasNext() {
            // A page may be empty yet not the last (S3 allows it), so keep asking until one has objects or ends.
            while (page == null || (!page.hasNext() && !last)) {
                S3Listing.Page p = listing.page(nextToken);
                page = p.objects().iterator();
                nextToken = p.nextToken();
                last = p.isLast();
            }
            return page.hasNext();
        }

        @Override
        public SourceObject next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }
}
