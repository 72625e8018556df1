package io.breedline.sink.s3;

import io.breedline.clients.s3.S3Clients;
import io.breedline.sink.writer.TargetProbe;
import io.breedline.sink.writer.WriteException;
import java.util.Optional;

/** Asks S3 for the results bucket (HeadBucket) with a client of its own. */
public final class BucketProbe implements TargetProbe {
    private final S3ObjectStore store;

    public BucketProbe(S3Target target) {
        this.store = new S3ObjectStore(S3Clients.create(target.s3()), target.location().bucket(), true);
    }

    @Override
    public Optional<String> problem() {
        try {
            store.check();
            return Optional.empty();
        } catch (WriteException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
