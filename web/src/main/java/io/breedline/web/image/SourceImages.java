package io.breedline.web.image;

import io.breedline.clients.s3.S3Clients;
import io.breedline.contracts.ImageRef;
import io.breedline.web.WebConfig;
import io.breedline.worker.fetch.FetchException;
import io.breedline.worker.fetch.FileFetcher;
import io.breedline.worker.fetch.FileRoots;
import io.breedline.worker.fetch.HttpFetcher;
import io.breedline.worker.fetch.ObjectFetcher;
import io.breedline.worker.fetch.RoutingFetcher;
import io.breedline.worker.fetch.S3Fetcher;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A photo's bytes, read through the worker's own fetchers with the worker's rules: local files only under the file
 * roots, S3 with the same client settings, HTTP only from the allow list. The URI comes from the results database,
 * never from a request.
 */
public final class SourceImages implements AutoCloseable {
    private final S3Client s3;
    private final ObjectFetcher fetcher;

    public SourceImages(WebConfig config, FileRoots roots, long maxBytes) {
        this.s3 = S3Clients.create(config.s3());
        this.fetcher = new RoutingFetcher(new S3Fetcher(s3, maxBytes), new FileFetcher(roots, maxBytes),
                new HttpFetcher(config.httpAllow(), maxBytes, java.time.Duration.ofSeconds(30)));
    }

    /** The S3 client, for storing uploads with the same settings. */
    public S3Client s3() {
        return s3;
    }

    public byte[] read(ImageRef ref) throws FetchException {
        return fetcher.fetch(ref);
    }

    @Override
    public void close() {
        s3.close();
    }
}
