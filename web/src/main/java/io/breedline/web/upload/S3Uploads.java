package io.breedline.web.upload;

import io.breedline.clients.s3.S3Location;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads in S3 (a deployment's workers read S3, not this pod's disk), as {@code <prefix><content hash>/<file name>}.
 * Keep the prefix out of what {@code ingest trigger} watches, or each upload is labeled twice.
 */
public final class S3Uploads implements UploadStore {
    private final S3Client s3;
    private final S3Location prefix;

    public S3Uploads(S3Client s3, S3Location prefix) {
        this.s3 = s3;
        this.prefix = prefix;
    }

    @Override
    public String store(String fileName, byte[] content) throws IOException {
        String base = prefix.key().isEmpty() || prefix.key().endsWith("/") ? prefix.key() : prefix.key() + "/";
        String key = base + LocalUploads.hash(content) + "/" + UploadCheck.safeName(fileName);
        try {
            s3.putObject(PutObjectRequest.builder().bucket(prefix.bucket()).key(key).build(), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("cannot store the upload in s3://" + prefix.bucket() + "/" + key + ": " + e.getMessage(), e);
        }
        return "s3://" + prefix.bucket() + "/" + key;
    }

    @Override
    public String describe() {
        return "s3://" + prefix.bucket() + "/" + prefix.key();
    }
}
