package io.breedline.ingest.trigger;

import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import io.breedline.ingest.notify.ObjectHeads;
import io.breedline.ingest.notify.S3Event;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The first bytes of a notified object by a ranged GET, as the prefix ingest reads a listed one. The S3 client is made
 * on the first key without an image extension, so a trigger that never sees one never needs S3 credentials.
 * Safe for concurrent use.
 */
final class S3ObjectHeads implements ObjectHeads, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3ObjectHeads.class);

    private final S3Settings settings;
    private S3Client client;
    private boolean closed;

    S3ObjectHeads(S3Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Optional<byte[]> head(S3Event event, int bytes) {
        S3Client s3 = client();
        if (s3 == null) {
            return Optional.empty();
        }
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(event.bucket()).key(event.key())
                .range("bytes=0-" + (bytes - 1));
        if (event.versionId() != null && !event.versionId().isEmpty()) {
            request.versionId(event.versionId());
        }
        try {
            byte[] head = s3.getObjectAsBytes(request.build()).asByteArray();
            return Optional.of(head.length > bytes ? Arrays.copyOf(head, bytes) : head);
        } catch (SdkClientException | S3Exception e) {
            // Then it is skipped as a key without an image extension; the reason is worth a line.
            log.info("cannot read the first bytes of {} to see whether it is an image: {}", event.uri(), e.getMessage());
            return Optional.empty();
        }
    }

    private synchronized S3Client client() {
        if (client == null && !closed) {
            client = S3Clients.create(settings);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
