package io.breedline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class SdkS3ListingTest {
    /** An S3 client that answers ListObjectsV2 only, recording the requests. */
    static final class ListingOnlyS3 implements S3Client {
        final List<ListObjectsV2Request> requests = new ArrayList<>();
        final Function<ListObjectsV2Request, ListObjectsV2Response> answer;

        ListingOnlyS3(Function<ListObjectsV2Request, ListObjectsV2Response> answer) {
            this.answer = answer;
        }

        @Override
        public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
            requests.add(request);
            return answer.apply(request);
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {}
    }

    @Test
    void aPageCarriesExactKeysBareETagsSizesAndTheNextToken() {
        ListingOnlyS3 s3 = new ListingOnlyS3(request -> ListObjectsV2Response.builder()
                .contents(
                        S3Object.builder().key("dogs/a b+c%20ü.jpg").eTag("\"abc123\"").size(42L).build(),
                        S3Object.builder().key("dogs/plain.jpg").eTag("unquoted").size(7L).build())
                .isTruncated(true)
                .nextContinuationToken("next-please")
                .build());
        SdkS3Listing listing = new SdkS3Listing(s3, S3Location.parse("s3://photos/dogs/"), 100);

        S3Listing.Page page = listing.page(null);

        assertThat(page.objects()).containsExactly(
                new SourceObject("s3://photos/dogs/a b+c%20ü.jpg", "abc123", null, 42),
                new SourceObject("s3://photos/dogs/plain.jpg", "unquoted", null, 7));
        assertThat(page.nextToken()).isEqualTo("next-please");
        ListObjectsV2Request sent = s3.requests.get(0);
        assertThat(sent.bucket()).isEqualTo("photos");
        assertThat(sent.prefix()).isEqualTo("dogs/");
        assertThat(sent.maxKeys()).isEqualTo(100);
        assertThat(sent.continuationToken()).isNull();
    }

    @Test
    void theTokenIsPassedOnAndANonTruncatedPageIsTheLast() {
        ListingOnlyS3 s3 = new ListingOnlyS3(request -> ListObjectsV2Response.builder().isTruncated(false).build());
        SdkS3Listing listing = new SdkS3Listing(s3, S3Location.parse("s3://photos"), 1000);

        S3Listing.Page page = listing.page("from-here");

        assertThat(page.objects()).isEmpty();
        assertThat(page.isLast()).isTrue();
        assertThat(s3.requests.get(0).continuationToken()).isEqualTo("from-here");
        assertThat(s3.requests.get(0).prefix()).as("the whole bucket").isNull();
    }

    @Test
    void aMissingBucketIsNamed() {
        SdkS3Listing listing = failingWith(NoSuchBucketException.builder().statusCode(404).message("nope").build());

        assertThatThrownBy(() -> listing.page(null))
                .isInstanceOf(SourceException.class)
                .hasMessage("cannot list s3://photos/dogs/: bucket 'photos' does not exist");
    }

    @Test
    void accessDeniedIsNamed() {
        SdkS3Listing listing = failingWith(S3Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build())
                .build());

        assertThatThrownBy(() -> listing.page(null))
                .isInstanceOf(SourceException.class)
                .hasMessage("cannot list s3://photos/dogs/: access denied to bucket 'photos' (the credentials need"
                        + " s3:ListBucket on it; S3 said AccessDenied: Access Denied)");
    }

    @Test
    void anUnreachableServerIsNamed() {
        SdkS3Listing listing = failingWith(SdkClientException.create("Unable to execute HTTP request: Connection refused"));

        assertThatThrownBy(() -> listing.page(null))
                .isInstanceOf(SourceException.class)
                .hasMessage("cannot list s3://photos/dogs/: S3 could not be reached: "
                        + "Unable to execute HTTP request: Connection refused");
    }

    @Test
    void thePageSizeIsBoundedByWhatS3Allows() {
        ListingOnlyS3 s3 = new ListingOnlyS3(r -> null);
        S3Location location = S3Location.parse("s3://photos/dogs/");

        assertThatThrownBy(() -> new SdkS3Listing(s3, location, 0)).hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> new SdkS3Listing(s3, location, 1001)).hasMessageContaining("between 1 and 1000");
    }

    private static SdkS3Listing failingWith(RuntimeException e) {
        return new SdkS3Listing(new ListingOnlyS3(r -> {
            throw e;
        }), S3Location.parse("s3://photos/dogs/"), 100);
    }
}
