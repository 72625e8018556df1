package io.breedline.ingest.source;

import io.breedline.clients.s3.S3ClientErrors;
import io.breedline.clients.s3.S3Location;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link S3Listing} over the AWS SDK: one ListObjectsV2 request per page. */
public final class SdkS3Listing implements S3Listing {
    public static final int MAX_PAGE_SIZE = 1000;

    private final S3Client s3;
    private final S3Location location;
    private final int pageSize;

    public SdkS3Listing(S3Client s3, S3Location location, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("S3 page size must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        this.s3 = s3;
        this.location = location;
        this.pageSize = pageSize;
    }

    @Override
    public Page page(String continuationToken) {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                .bucket(location.bucket())
                .maxKeys(pageSize);
        if (!location.key().isEmpty()) {
            request.prefix(location.key());
        }
        if (continuationToken != null) {
            request.continuationToken(continuationToken);
        }
        ListObjectsV2Response response = list(request.build());
        List<SourceObject> objects = response.contents().stream().map(this::toSourceObject).toList();
        boolean more = Boolean.TRUE.equals(response.isTruncated()) && response.nextContinuationToken() != null;
        return new Page(objects, more ? response.nextContinuationToken() : null);
    }

    @Override
    public Optional<byte[]> head(SourceObject object, int bytes) {
        String prefix = "s3://" + location.bucket() + "/";
        if (!object.uri().startsWith(prefix) || object.sizeBytes() == 0) {
            return Optional.empty();
        }
        GetObjectRequest request = GetObjectRequest.builder().bucket(location.bucket())
                .key(object.uri().substring(prefix.length())).range("bytes=0-" + (bytes - 1)).build();
        try {
            byte[] head = s3.getObjectAsBytes(request).asByteArray();
            return Optional.of(head.length > bytes ? Arrays.copyOf(head, bytes) : head);
        } catch (SdkClientException | S3Exception e) {
            return Optional.empty(); // then it is counted as skipped by its extension
        }
    }

    private ListObjectsV2Response list(ListObjectsV2Request request) {
        try {
            return s3.listObjectsV2(request);
        } catch (NoSuchBucketException e) {
            throw new SourceException("cannot list " + location + ": bucket '" + location.bucket() + "' does not exist", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new SourceException("cannot list " + location + ": access denied to bucket '" + location.bucket()
                        + "' (the credentials need s3:ListBucket on it; S3 said " + detail(e) + ")", e);
            }
            if (e.statusCode() == 404) {
                throw new SourceException("cannot list " + location + ": bucket '" + location.bucket() + "' does not exist", e);
            }
            throw new SourceException("cannot list " + location + ": S3 answered " + e.statusCode() + ": " + detail(e), e);
        } catch (SdkClientException e) {
            throw new SourceException("cannot list " + location + ": " + S3ClientErrors.describe(e), e);
        }
    }

    private static String detail(S3Exception e) {
        if (e.awsErrorDetails() == null) {
            return e.getMessage();
        }
        return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }

    private SourceObject toSourceObject(S3Object o) {
        // The SDK decodes the URL-encoded keys of the listing, so o.key() is the key exactly as stored.
        return new SourceObject(
                "s3://" + location.bucket() + "/" + o.key(),
                unquote(o.eTag()),
                null,
                o.size() == null ? 0 : o.size());
    }

    /** S3 returns ETags as quoted strings; references carry the bare value (as the S3 console shows it). */
    static String unquote(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }
}
