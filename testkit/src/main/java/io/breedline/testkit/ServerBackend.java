package io.breedline.testkit;

/** Starts the servers of one mode: in this JVM, or in Docker containers. */
interface ServerBackend {
    Started<KafkaServer> kafka() throws Exception;

    Started<S3Server> s3() throws Exception;

    Started<SqlServer> postgres() throws Exception;
}
