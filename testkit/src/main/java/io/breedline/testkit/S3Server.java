package io.breedline.testkit;

import io.breedline.clients.s3.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/** A running S3-compatible server for integration tests (s3proxy in-process, or MinIO in a container). */
public interface S3Server {

    /** Endpoint, path-style addressing and static keys of this server. */
    S3Settings settings();

    /** A client shared by all tests of the JVM; closing it does nothing. */
    S3Client client();

    /** Creates the bucket unless it exists already. */
    default void createBucket(String name) {
        try {
            client().createBucket(b -> b.bucket(name));
        } catch (BucketAlreadyOwnedByYouException e) {
            // Wanted state reached.
        }
    }
}
