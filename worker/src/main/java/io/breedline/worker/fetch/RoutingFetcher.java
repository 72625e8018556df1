package io.breedline.worker.fetch;

import io.breedline.clients.s3.S3Location;
import io.breedline.contracts.ImageRef;

/** Sends each reference to the fetcher for its kind of URI; anything else is refused with the reason. */
public final class RoutingFetcher implements ObjectFetcher {
    private final ObjectFetcher s3;
    private final ObjectFetcher files;
    private final ObjectFetcher http;

    public RoutingFetcher(ObjectFetcher s3, ObjectFetcher files, ObjectFetcher http) {
        this.s3 = s3;
        this.files = files;
        this.http = http;
    }

    @Override
    public byte[] fetch(ImageRef ref) throws FetchException {
        return fetchObject(ref).bytes();
    }

    @Override
    public FetchedObject fetchObject(ImageRef ref) throws FetchException {
        String uri = ref.uri();
        if (S3Location.isS3(uri)) {
            return s3.fetchObject(ref);
        }
        if (FileFetcher.handles(uri)) {
            return files.fetchObject(ref);
        }
        if (HttpFetcher.handles(uri)) {
            return http.fetchObject(ref);
        }
        int colon = uri.indexOf(':');
        String what = colon > 0 && uri.indexOf('/') > colon ? "the scheme '" + uri.substring(0, colon) + ":'" : "a relative path";
        throw new FetchException(uri + ": unsupported source, " + what
                + "; this worker reads s3://bucket/key URIs, absolute local file paths and http(s) URLs under BREEDLINE_HTTP_ALLOW", false);
    }
}
