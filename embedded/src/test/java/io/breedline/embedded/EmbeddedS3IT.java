package io.breedline.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3IT {
    @TempDir
    static Path dataDir;

    static EmbeddedS3 server;
    static S3Client s3;

    @BeforeAll
    static void start() {
        server = EmbeddedS3.start(dataDir);
        s3 = S3Clients.create(server.settings());
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void putGetHeadAndDelete() {
        String bucket = bucket();
        server.createBucket(bucket);
        server.createBucket(bucket); // idempotent

        s3.putObject(b -> b.bucket(bucket).key("a/b.json").contentType("application/json"),
                RequestBody.fromString("{\"x\":1}"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.json")).asString(UTF_8)).isEqualTo("{\"x\":1}");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("a/b.json"));
        assertThat(head.contentLength()).isEqualTo(7);
        assertThat(head.contentType()).isEqualTo("application/json");

        s3.deleteObject(b -> b.bucket(bucket).key("a/b.json"));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("a/b.json")))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.json")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void listsAcrossPagesInKeyOrder() {
        String bucket = bucket();
        server.createBucket(bucket);
        List<String> keys = IntStream.range(0, 25).mapToObj(i -> String.format("images/%03d.jpg", i)).toList();
        keys.forEach(k -> s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromBytes(new byte[] {1, 2, 3})));
        s3.putObject(b -> b.bucket(bucket).key("other/x.jpg"), RequestBody.fromBytes(new byte[] {1}));

        List<ListObjectsV2Response> pages =
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("images/").maxKeys(7)).stream().toList();

        assertThat(pages).hasSize(4);
        assertThat(pages.stream().flatMap(p -> p.contents().stream()).map(S3Object::key).toList())
                .containsExactlyElementsOf(keys);
        assertThat(pages.get(0).contents()).allSatisfy(o -> assertThat(o.size()).isEqualTo(3));
    }

    @Test
    void keysWithSpacesPlusAndUnicodeRoundTrip() {
        String bucket = bucket();
        server.createBucket(bucket);
        List<String> keys = List.of("dogs/golden retriever 1.jpg", "dogs/a+b.jpg", "dogs/chien-été-ß-犬.jpg",
                "dogs/percent%20literal.jpg");
        for (String k : keys) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        for (String k : keys) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(k)).asString(UTF_8)).isEqualTo(k);
        }
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("dogs/")).contents().stream()
                .map(S3Object::key).toList()).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void rejectsWrongCredentials() {
        String bucket = bucket();
        server.createBucket(bucket);
        S3Settings wrong = S3Settings.forEndpoint(server.endpoint(), EmbeddedS3.ACCESS_KEY, "not-the-secret");
        try (S3Client bad = S3Clients.create(wrong)) {
            assertThatThrownBy(() -> bad.listObjectsV2(b -> b.bucket(bucket)))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void dataSurvivesANewServerOnTheSameDirectory(@TempDir Path dir) {
        String bucket = bucket();
        try (EmbeddedS3 first = EmbeddedS3.start(dir); S3Client c = S3Clients.create(first.settings())) {
            first.createBucket(bucket);
            c.putObject(b -> b.bucket(bucket).key("kept.txt"), RequestBody.fromString("kept"));
        }
        try (EmbeddedS3 second = EmbeddedS3.start(dir); S3Client c = S3Clients.create(second.settings())) {
            assertThat(c.getObjectAsBytes(b -> b.bucket(bucket).key("kept.txt")).asString(UTF_8)).isEqualTo("kept");
        }
    }

    private static String bucket() {
        return "bucket-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
