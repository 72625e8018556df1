package io.breedline.sink.s3;

import io.breedline.sink.objects.ObjectStore;
import io.breedline.sink.writer.WriteException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ObjectStore} on one S3 bucket. */
final class S3ObjectStore implements ObjectStore, AutoCloseable {
    private final S3Client client;
    private final String bucket;
    private final boolean ownsClient;

    S3ObjectStore(S3Client client, String bucket, boolean ownsClient) {
        this.client = client;
        this.bucket = bucket;
        this.ownsClient = ownsClient;
    }

    @Override
    public void check() throws WriteException {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw failure("cannot reach bucket " + bucket, e);
        }
    }

    @Override
    public void put(String key, byte[] body, String contentType) throws WriteException {
        try {
            client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw failure("writing s3://" + bucket + "/" + key + " failed", e);
        }
    }

    /**
     * A client error (missing bucket, access denied, bad request) fails the same way on every retry; timeouts,
     * throttling, conflicts, server errors and network failures are worth waiting for.
     */
    static WriteException failure(String what, SdkException e) {
        boolean permanent = false;
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            permanent = status >= 400 && status < 500 && status != 408 && status != 409 && status != 429;
        }
        return new WriteException(what + ": " + e.getMessage(), e, !permanent);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
