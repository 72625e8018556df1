package io.breedline.worker.prepare;

import io.breedline.clients.s3.S3Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Models in S3: a prefix holding a SavedModel (downloaded as it is), or one object in a {@link ModelFormat} (downloaded,
 * then prepared). Keys come from what S3 says before anything is downloaded (ETags and sizes), so an unchanged model is
 * not fetched again at the next start.
 */
final class S3Models {
    private static final Logger log = LoggerFactory.getLogger(S3Models.class);

    private final S3Client s3;
    private final ModelCache cache;

    S3Models(S3Client s3, ModelCache cache) {
        this.s3 = s3;
        this.cache = cache;
    }

    PreparedModel object(S3Location location, ModelFormat format) {
        String uri = "s3://" + location.bucket() + "/" + location.key();
        HeadObjectResponse head;
        try {
            head = s3.headObject(HeadObjectRequest.builder().bucket(location.bucket()).key(location.key()).build());
        } catch (NoSuchKeyException e) {
            throw new IllegalArgumentException("BREEDLINE_MODEL=" + uri + " does not exist (no such object)", e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the model file " + uri + ": " + e.getMessage(), e);
        }
        String fileName = location.key().substring(location.key().lastIndexOf('/') + 1);
        String key = ModelCache.key(format.name() + "\n" + format.revision() + "\n" + uri + "\n" + head.eTag() + "\t"
                + head.contentLength());
        return cache.entry(format.modelName(fileName), key, uri, into -> {
            Path scratch = cache.scratch();
            try {
                Path file = scratch.resolve(fileName);
                log.info("Downloading model file {} ({} bytes) to {}", uri, head.contentLength(), file);
                // If-Match: an object replaced during the download fails it rather than mixing two versions.
                s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(location.key())
                        .ifMatch(head.eTag()).build(), file);
                format.prepare(file, uri, into);
            } catch (SdkException e) {
                throw new IllegalStateException("cannot download the model file " + uri + ": " + e.getMessage(), e);
            } finally {
                ModelCache.deleteQuietly(scratch);
            }
        });
    }

    PreparedModel prefix(S3Location location) {
        String prefix = location.key().isEmpty() || location.key().endsWith("/") ? location.key() : location.key() + "/";
        String uri = "s3://" + location.bucket() + "/" + prefix;
        List<S3Object> objects;
        try {
            objects = s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(location.bucket()).prefix(prefix).build())
                    .contents().stream()
                    .filter(o -> !o.key().endsWith("/"))
                    .sorted(Comparator.comparing(S3Object::key))
                    .toList();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot list the model at " + uri + ": " + e.getMessage(), e);
        }
        if (objects.stream().noneMatch(o -> o.key().equals(prefix + PreparedModel.SAVED_MODEL))) {
            throw new IllegalArgumentException("BREEDLINE_MODEL=" + uri + " is not a SavedModel: no " + uri
                    + PreparedModel.SAVED_MODEL + " (" + objects.size() + " objects under the prefix)");
        }
        StringBuilder listing = new StringBuilder(uri);
        for (S3Object o : objects) {
            listing.append('\n').append(o.key()).append('\t').append(o.eTag()).append('\t').append(o.size());
        }
        return cache.entry(defaultName(location.bucket(), prefix), ModelCache.key(listing.toString()), uri, into -> {
            log.info("Downloading model {} ({} objects) to {}", uri, objects.size(), into);
            for (S3Object o : objects) {
                String relative = o.key().substring(prefix.length());
                Path target = into.resolve(relative).normalize();
                if (!target.startsWith(into) || relative.startsWith("/")) {
                    throw new IllegalArgumentException("model object key " + o.key() + " escapes its prefix");
                }
                Files.createDirectories(target.getParent());
                try {
                    s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(o.key()).build(), target);
                } catch (SdkException e) {
                    throw new IllegalStateException("cannot download the model " + uri + ": " + e.getMessage(), e);
                }
            }
        });
    }

    static String defaultName(String bucket, String prefix) {
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return last.isEmpty() ? bucket : last;
    }
}
