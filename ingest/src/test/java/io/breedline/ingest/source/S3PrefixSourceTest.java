package io.breedline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.s3.S3Location;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class S3PrefixSourceTest {
    private static final S3Location LOCATION = S3Location.parse("s3://photos/dogs/");

    /** Serves keys in pages, remembering which pages were asked for and with which tokens. */
    static final class PagedKeys implements S3Listing {
        final int total;
        final int pageSize;
        final List<String> tokensAsked = new ArrayList<>();

        PagedKeys(int total, int pageSize) {
            this.total = total;
            this.pageSize = pageSize;
        }

        int pagesRequested() {
            return tokensAsked.size();
        }

        @Override
        public Page page(String continuationToken) {
            int page = tokensAsked.size();
            String expected = page == 0 ? null : "after-page-" + (page - 1);
            assertThat(continuationToken).as("token for page %d", page).isEqualTo(expected);
            tokensAsked.add(continuationToken);
            int from = page * pageSize;
            int to = Math.min(total, from + pageSize);
            List<SourceObject> objects = IntStream.range(from, to)
                    .mapToObj(i -> new SourceObject(String.format("s3://photos/dogs/%05d.jpg", i), "etag" + i, null, i))
                    .toList();
            return new Page(objects, to < total ? "after-page-" + page : null);
        }
    }

    @Test
    void tenThousandKeysInPagesOfAHundredAreConsumedOnePageAtATime() {
        PagedKeys listing = new PagedKeys(10_000, 100);
        S3PrefixSource source = new S3PrefixSource(LOCATION, listing);
        int[] consumed = {0};

        source.forEach(o -> {
            int i = consumed[0]++;
            // Object i is on page i/100: the consumer sees it before page i/100 + 1 is requested.
            assertThat(listing.pagesRequested()).as("pages requested when consuming object %d", i).isEqualTo(i / 100 + 1);
            assertThat(o.uri()).isEqualTo(String.format("s3://photos/dogs/%05d.jpg", i));
            assertThat(o.sizeBytes()).isEqualTo(i);
        });

        assertThat(consumed[0]).isEqualTo(10_000);
        assertThat(listing.pagesRequested()).isEqualTo(100);
    }

    @Test
    void nothingIsListedUntilIterationStarts() {
        PagedKeys listing = new PagedKeys(250, 100);
        Iterator<SourceObject> it = new S3PrefixSource(LOCATION, listing).iterator();

        assertThat(listing.pagesRequested()).isZero();
        assertThat(it.next().uri()).isEqualTo("s3://photos/dogs/00000.jpg");
        assertThat(listing.pagesRequested()).isEqualTo(1);
    }

    @Test
    void emptyPagesThatAreNotTheLastAreSkippedOver() {
        List<S3Listing.Page> pages = List.of(
                new S3Listing.Page(List.of(), "t1"),
                new S3Listing.Page(List.of(new SourceObject("s3://photos/dogs/a.jpg", null, null, 1)), "t2"),
                new S3Listing.Page(List.of(), "t3"),
                new S3Listing.Page(List.of(), null));
        int[] asked = {0};
        S3PrefixSource source = new S3PrefixSource(LOCATION, token -> pages.get(asked[0]++));

        List<String> uris = new ArrayList<>();
        source.forEach(o -> uris.add(o.uri()));

        assertThat(uris).containsExactly("s3://photos/dogs/a.jpg");
        assertThat(asked[0]).isEqualTo(4);
    }

    @Test
    void anEmptyPrefixListsNothing() {
        assertThat(new S3PrefixSource(LOCATION, new PagedKeys(0, 100))).isEmpty();
    }

    @Test
    void aListingFailureReachesTheCaller() {
        S3PrefixSource source = new S3PrefixSource(LOCATION, token -> {
            throw new SourceException("cannot list s3://photos/dogs/: bucket 'photos' does not exist");
        });

        assertThatThrownBy(() -> source.iterator().hasNext())
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("bucket 'photos' does not exist");
        assertThat(source.description()).isEqualTo("s3://photos/dogs/");
    }
}
