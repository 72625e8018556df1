package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.s3.S3Location;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.ingest.TopicRecords;
import io.breedline.testkit.S3Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Real objects in the test S3 server, and what the trigger published about them. */
final class Uploads {
    private Uploads() {}

    /** Puts each key with its own name as content; returns key to the ETag S3 gave, quotes removed. */
    static Map<String, String> put(S3Server s3, String bucket, List<String> keys) {
        Map<String, String> etags = new LinkedHashMap<>();
        for (String key : keys) {
            PutObjectResponse r = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
            etags.put(key, r.eTag().replace("\"", ""));
        }
        return etags;
    }

    /** The committed references on a topic, checking each record is keyed by its image id. */
    static List<ImageRef> references(String bootstrap, String topic) throws MalformedMessageException {
        List<ImageRef> refs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readCommitted(bootstrap, topic)) {
            ImageRef ref = Json.readImageRef(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(ref.imageId());
            refs.add(ref);
        }
        return refs;
    }

    static List<DeadLetter> deadLetters(String bootstrap, String topic) throws MalformedMessageException {
        List<DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readCommitted(bootstrap, topic)) {
            dead.add(Json.readDeadLetter(r.value()));
        }
        return dead;
    }

    /**
     * What a worker will do with each reference: parse the URI and fetch the key. The bytes are the key itself, so this
     * proves the decoded key names the uploaded object; the ETag and size must be the upload's.
     */
    static void assertFetchBack(S3Server s3, List<ImageRef> refs, Map<String, String> etags) {
        for (ImageRef ref : refs) {
            S3Location location = S3Location.parse(ref.uri());
            byte[] body = s3.client().getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key())).asByteArray();
            assertThat(new String(body, StandardCharsets.UTF_8)).as(ref.uri()).isEqualTo(location.key());
            assertThat(ref.etag()).as("ETag of %s", ref.uri()).isEqualTo(etags.get(location.key()));
            assertThat(ref.sizeBytes()).as("size of %s", ref.uri()).isEqualTo((long) body.length);
        }
    }
}
