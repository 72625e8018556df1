package io.breedline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.s3.S3Location;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.contracts.Topics;
import io.breedline.ingest.source.S3Listing;
import io.breedline.ingest.source.S3PrefixSource;
import io.breedline.ingest.source.SdkS3Listing;
import io.breedline.ingest.source.SourceException;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3IngestIT {
    private static final KafkaServer kafka = TestServers.kafka();
    private static final S3Server s3 = TestServers.s3();
    private static final String ARCHIVE = Names.unique("archive");
    private static final List<String> ARCHIVE_KEYS =
            IntStream.range(0, 2_500).mapToObj(i -> String.format("dogs/%02d/%05d.jpg", i % 10, i)).toList();
    private static final Map<String, String> archiveEtags = new HashMap<>();

    /** 2,500 images under dogs/ (250 in each of dogs/00/ to dogs/09/), two non-images, one image elsewhere. */
    @BeforeAll
    static void putArchive() {
        s3.createBucket(ARCHIVE);
        archiveEtags.putAll(put(ARCHIVE, ARCHIVE_KEYS));
        put(ARCHIVE, List.of("dogs/index.html", "dogs/00/labels.csv", "cats/not-under-the-prefix.jpg"));
    }

    @Test
    void aPrefixOf2500ObjectsListedInPagesOf100GivesOneReferenceEach() throws Exception {
        String topic = newImagesTopic();

        IngestSummary summary = new Ingestor(config(topic).withS3PageSize(100)).run("s3://" + ARCHIVE + "/dogs/");

        assertThat(summary.published()).isEqualTo(2_500);
        assertThat(summary.skipped()).isEqualTo(2);
        assertThat(summary.failed()).isZero();
        Map<String, ImageRef> byId = readRefs(topic);
        assertThat(byId).hasSize(2_500);
        assertThat(byId.values()).extracting(ImageRef::uri)
                .containsExactlyInAnyOrderElementsOf(ARCHIVE_KEYS.stream().map(k -> "s3://" + ARCHIVE + "/" + k).toList());
        assertThat(byId.values()).allSatisfy(ref -> {
            String key = S3Location.parse(ref.uri()).key();
            assertThat(ref.etag()).as("bare ETag of %s", key).isEqualTo(archiveEtags.get(key)).doesNotContain("\"");
            assertThat(ref.sizeBytes()).isEqualTo(key.getBytes(StandardCharsets.UTF_8).length);
            assertThat(ref.jobId()).isEqualTo(summary.jobId());
        });
    }

    @Test
    void theServerHonoursTheSmallPageSize() {
        S3Location location = S3Location.parse("s3://" + ARCHIVE + "/dogs/00/");
        SdkS3Listing real = new SdkS3Listing(s3.client(), location, 100);
        List<Integer> pageSizes = new ArrayList<>();
        S3Listing counting = token -> {
            S3Listing.Page page = real.page(token);
            pageSizes.add(page.objects().size());
            return page;
        };

        List<String> listed = new ArrayList<>();
        new S3PrefixSource(location, counting).forEach(o -> listed.add(o.uri()));

        // 250 images and labels.csv, in S3's key order.
        assertThat(pageSizes).containsExactly(100, 100, 51);
        List<String> expected = new ArrayList<>(ARCHIVE_KEYS.stream().filter(k -> k.startsWith("dogs/00/")).toList());
        expected.add("dogs/00/labels.csv");
        assertThat(listed).containsExactlyElementsOf(expected.stream().sorted().map(k -> "s3://" + ARCHIVE + "/" + k).toList());
    }

    @Test
    void keysWithSpacesPlusPercentAndUnicodeSurviveExactly() throws Exception {
        String bucket = Names.unique("odd-keys");
        s3.createBucket(bucket);
        List<String> keys = List.of(
                "dogs/with space.jpg",
                "dogs/plus+sign.jpg",
                "dogs/percent%20literal.jpg",
                "dogs/100%.png",
                "dogs/ünïcødé-犬.jpg",
                "dogs/emoji-\uD83D\uDC15.webp",
                "dogs/sub dir/a+b=c&d.jpeg");
        put(bucket, keys);
        String topic = newImagesTopic();

        IngestSummary summary = new Ingestor(config(topic)).run("s3://" + bucket + "/dogs/");

        assertThat(summary.published()).isEqualTo(keys.size());
        Map<String, ImageRef> byId = readRefs(topic);
        assertThat(byId.values()).extracting(ImageRef::uri)
                .containsExactlyInAnyOrderElementsOf(keys.stream().map(k -> "s3://" + bucket + "/" + k).toList());
        // What a worker will do with the URI: parse it and fetch the key. The bytes are the key itself.
        for (ImageRef ref : byId.values()) {
            S3Location location = S3Location.parse(ref.uri());
            byte[] body = s3.client().getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key())).asByteArray();
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(location.key());
        }
    }

    @Test
    void aMissingBucketIsNamedInTheError() {
        String bucket = Names.unique("missing");
        String topic = newImagesTopic();

        assertThatThrownBy(() -> new Ingestor(config(topic)).run("s3://" + bucket + "/dogs/"))
                .isInstanceOf(SourceException.class)
                .hasMessage("cannot list s3://" + bucket + "/dogs/: bucket '" + bucket + "' does not exist");
    }

    @Test
    void rejectedCredentialsAreReportedAsAccessDenied() {
        String bucket = Names.unique("guarded");
        s3.createBucket(bucket);
        S3Settings wrongKeys = S3Settings.forEndpoint(s3.settings().endpoint().orElseThrow(), "intruder", "wrong-secret");
        String topic = newImagesTopic();

        assertThatThrownBy(() -> new Ingestor(config(topic).withS3(wrongKeys)).run("s3://" + bucket + "/"))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("cannot list s3://" + bucket + "/: access denied to bucket '" + bucket + "'");
    }

    private static IngestConfig config(String topic) {
        return IngestConfig.of(kafka.settings(), s3.settings())
                .withTopics(new Topics(topic, topic + ".predictions", topic + ".dead"));
    }

    private static String newImagesTopic() {
        String topic = Names.unique("images");
        kafka.createTopic(topic, 3);
        return topic;
    }

    private static Map<String, ImageRef> readRefs(String topic) throws MalformedMessageException {
        Map<String, ImageRef> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readAll(kafka.bootstrapServers(), topic)) {
            ImageRef ref = Json.readImageRef(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(ref.imageId());
            assertThat(byId.put(ref.imageId(), ref)).as("a second reference for %s", ref.uri()).isNull();
        }
        return byId;
    }

    /** Puts each key with its own name as content, a few at a time; returns the ETags S3 gave (quotes removed). */
    private static Map<String, String> put(String bucket, List<String> keys) {
        S3Client client = s3.client();
        Map<String, String> etags = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : keys) {
                puts.add(pool.submit(() -> {
                    String etag = client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key)).eTag();
                    etags.put(key, etag.replace("\"", ""));
                }));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError("could not put test objects into " + bucket + ": " + e, e);
        } finally {
            pool.shutdownNow();
        }
        return etags;
    }
}
