package io.breedline.worker.fetch;

import io.breedline.clients.s3.S3Location;
import io.breedline.contracts.ImageRef;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads {@code s3://bucket/key} objects (the given version when the reference has one). Objects over the size limit
 * are refused from the reference's size or the response's Content-Length, before the body is read.
 */
public final class S3Fetcher implements ObjectFetcher {
    private final S3Client s3;
    private final int maxBytes;

    public S3Fetcher(S3Client s3, long maxBytes) {
        this.s3 = s3;
        // A byte[] cannot be larger than this anyway.
        this.maxBytes = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
    }

    @Override
    public byte[] fetch(ImageRef ref) throws FetchException {
        String uri = ref.uri();
        S3Location location;
        try {
            location = S3Location.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new FetchException(uri + ": not a valid s3:// URI: " + e.getMessage(), false, e);
        }
        if (location.key().isEmpty()) {
            throw new FetchException(uri + ": names a bucket, not an object", false);
        }
        if (ref.sizeBytes() != null && ref.sizeBytes() > maxBytes) {
            throw tooLarge(uri, ref.sizeBytes());
        }
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(location.bucket()).key(location.key());
        if (ref.versionId() != null) {
            request.versionId(ref.versionId());
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build())) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                in.abort(); // do not drain the rest of a huge body just to reuse the connection
                throw tooLarge(uri, length);
            }
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                in.abort();
                throw tooLarge(uri, data.length);
            }
            return data;
        } catch (NoSuchKeyException e) {
            throw new FetchException(uri + ": no such object" + (ref.versionId() != null ? " version " + ref.versionId() : ""), false, e);
        } catch (NoSuchBucketException e) {
            throw new FetchException(uri + ": no such bucket '" + location.bucket() + "'", false, e);
        } catch (S3Exception e) {
            throw fromStatus(uri, e);
        } catch (SdkClientException e) {
            throw new FetchException(uri + ": cannot reach S3: " + e.getMessage(), true, e);
        } catch (IOException e) {
            throw new FetchException(uri + ": the download broke off: " + e.getMessage(), true, e);
        }
    }

    private static FetchException fromStatus(String uri, S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
        if (status == 403) {
            return new FetchException(uri + ": access denied" + (code != null ? " (" + code + ")" : ""), false, e);
        }
        if (status == 404) {
            return new FetchException(uri + ": no such object", false, e);
        }
        boolean transientError = status >= 500 || status == 429 || status == 408;
        return new FetchException(uri + ": S3 answered " + status + (code != null ? " " + code : "") + ": "
                + e.getMessage(), transientError, e);
    }

    private FetchException tooLarge(String uri, long size) {
        return new FetchException(uri + ": refused, " + size + " bytes is more than the limit of " + maxBytes
                + " (BREEDLINE_MAX_IMAGE_BYTES)", false);
    }
}
