package io.breedline.worker.fetch;

import io.breedline.clients.s3.S3Location;
import io.breedline.contracts.ImageRef;
import java.io.IOException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads {@code s3://bucket/key} objects (the given version when the reference has one). Objects over the size limit
 * are refused from the reference's size or the response's Content-Length, before the body is read.
 *
 * <p>The body is read inside the SDK call (a {@link ResponseTransformer}), so the client's retry strategy and its
 * per-attempt timeout cover the download too: a connection reset or a stall halfway through the body is retried like
 * a 503. When the attempts run out the image is dead-lettered as retriable, with the last failure in words.
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
        return fetchObject(ref).bytes();
    }

    @Override
    public FetchedObject fetchObject(ImageRef ref) throws FetchException {
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
        try {
            return s3.getObject(request.build(), this::readBounded);
        } catch (TooLarge e) {
            throw tooLarge(uri, e.size);
        } catch (NoSuchKeyException e) {
            throw new FetchException(uri + ": no such object" + (ref.versionId() != null ? " version " + ref.versionId() : ""), false, e);
        } catch (NoSuchBucketException e) {
            throw new FetchException(uri + ": no such bucket '" + location.bucket() + "'", false, e);
        } catch (S3Exception e) {
            throw fromStatus(uri, e);
        } catch (SdkException e) {
            TooLarge tooLarge = findTooLarge(e);
            if (tooLarge != null) {
                throw tooLarge(uri, tooLarge.size);
            }
            throw fromClientFailure(uri, e);
        }
    }

    private FetchedObject readBounded(GetObjectResponse response, AbortableInputStream in) throws IOException {
        Long length = response.contentLength();
        if (length != null && length > maxBytes) {
            in.abort(); // do not drain the rest of a huge body just to reuse the connection
            throw new TooLarge(length);
        }
        byte[] data;
        try {
            data = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            // The SDK treats an IOException from here as a bad response and does not retry it; a body that breaks
            // off or stalls halfway is as transient as a 503.
            throw RetryableException.builder().message("the download broke off: " + e).cause(e).build();
        }
        if (data.length > maxBytes) {
            in.abort();
            throw new TooLarge(data.length);
        }
        return new FetchedObject(data, response.eTag(), response.versionId());
    }

    private static FetchException fromStatus(String uri, S3Exception e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
        if (status == 403) {
            return new FetchException(uri + ": access denied" + (code != null ? " (" + code + ")" : "")
                    + "; check the worker's S3 credentials and the bucket's policy", false, e);
        }
        if (status == 404) {
            return new FetchException(uri + ": no such object", false, e);
        }
        String answer = "HTTP " + status + (code != null ? " " + code : "") + detail(e);
        if (status >= 500 || status == 429 || status == 408) {
            return transientFailure(uri, e, answer);
        }
        return new FetchException(uri + ": S3 refused the request (" + answer + ")", false, e);
    }

    private static FetchException fromClientFailure(String uri, SdkException e) {
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return new FetchException(uri + ": cannot sign the request: " + e.getMessage(), false, e);
        }
        String what;
        if (e instanceof ApiCallAttemptTimeoutException) {
            what = "every attempt timed out (BREEDLINE_S3_API_CALL_ATTEMPT_TIMEOUT)";
        } else if (e instanceof ApiCallTimeoutException) {
            what = "the call timed out (BREEDLINE_S3_API_CALL_TIMEOUT)";
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            what = root == e ? String.valueOf(e.getMessage()) : root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return transientFailure(uri, e, what);
    }

    private static FetchException transientFailure(String uri, SdkException e, String what) {
        Integer attempts = e.numAttempts();
        String after = attempts == null ? "" : " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
        return new FetchException(uri + ": the object store failed transiently" + after + " (" + what + "); retry later",
                true, e);
    }

    private static String detail(S3Exception e) {
        String message = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : null;
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    private static TooLarge findTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TooLarge tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    private FetchException tooLarge(String uri, long size) {
        return new FetchException(uri + ": refused, " + size + " bytes is more than the limit of " + maxBytes
                + " (BREEDLINE_MAX_IMAGE_BYTES)", false);
    }

    /** Thrown from inside the SDK call; not an IOException, so the SDK does not retry it. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long size;

        TooLarge(long size) {
            super(null, null, false, false);
            this.size = size;
        }
    }
}
