package io.breedline.sink;

import static io.breedline.sink.TestResults.deadLetter;
import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.breedline.clients.s3.S3Location;
import io.breedline.sink.s3.S3Target;
import io.breedline.testkit.Names;
import io.breedline.testkit.S3Server;
import io.breedline.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.Base64;
import io.breedline.sink.objects.ResultFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3SinkIT {
    private static final int FLUSH_RECORDS = 4;

    @ParameterizedTest
    @EnumSource(ResultFormat.class)
    void writesObjectsAndAReplayOverwritesTheSameKeys(ResultFormat format) throws Exception {
        S3Server s3 = TestServers.s3();
        String bucket = Names.unique("results");
        s3.createBucket(bucket);
        S3Target target = new S3Target(new S3Location(bucket, "runs/it"), format, s3.settings(), FLUSH_RECORDS, Duration.ofMillis(500));
        String job = Names.unique("job");
        String group = Names.unique("sink");

        try (ResultsLog log = new ResultsLog(TestServers.kafka(), 2)) {
            // Several transactions, so commit markers fall inside offset windows.
            List<Object> predictions = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                predictions.add(prediction("s3://photos/" + job + "/" + i + ".jpg", job));
            }
            log.publish(predictions.subList(0, 7));
            log.publish(List.of("{not json".getBytes(StandardCharsets.UTF_8)));
            log.publish(predictions.subList(7, 16));
            log.publishAborted(List.of(prediction("s3://photos/" + job + "/aborted.jpg", job)));
            log.publish(predictions.subList(16, 25));
            log.publish(List.of(deadLetter("/a.txt", job), deadLetter("/b.txt", job), deadLetter("/c.txt", job)));
            int expected = 25 + 3;

            SinkConfig config = SinkConfig.of(log.kafka().settings(), log.topics, group, target);
            try (ResultsSink sink = new ResultsSink(config)) {
                sink.start();
                // Complete windows are written on the spot, the last partial ones after the flush interval.
                // s3proxy's file store replaces an object by delete-then-write: a read may briefly miss it.
                await().atMost(Duration.ofSeconds(60)).ignoreException(NoSuchKeyException.class)
                        .until(() -> rows(format, s3.client(), bucket).size() == expected);
            }
            Map<String, String> objects = objects(s3.client(), bucket);
            List<ObjectRows> rows = rows(format, s3.client(), bucket);
            assertThat(rows).doesNotHaveDuplicates().hasSize(expected);
            assertThat(rows).filteredOn(ObjectRows::prediction).hasSize(25).allSatisfy(r -> assertThat(r.jobId()).isEqualTo(job));
            assertThat(rows).filteredOn(r -> !r.prediction()).hasSize(3);
            assertThat(rows).extracting(ObjectRows::imageId)
                    .doesNotContain(io.breedline.contracts.ImageIds.forUri("s3://photos/" + job + "/aborted.jpg"));
            String extension = format.create().extension().replace(".", "\\.");
            assertThat(objects.keySet()).allMatch(k -> k.matches(
                    "runs/it/(" + quote(log.topics.predictions()) + "|" + quote(log.topics.deadLetters())
                            + ")/partition=\\d/\\1\\+\\d\\+\\d{20}" + extension), "Connect-style key");
            assertThat(objects.keySet()).anyMatch(k -> k.contains("/" + log.topics.deadLetters() + "/partition=0/"));
            assertThat(objects.values()).allMatch(body -> ObjectRows.read(format, decode(body)).size() <= FLUSH_RECORDS);

            // Replay from the start with the same group into an emptied prefix: the same objects come back.
            for (String key : objects.keySet()) {
                s3.client().deleteObject(b -> b.bucket(bucket).key(key));
            }
            log.resetToEarliest(group);
            try (ResultsSink replay = new ResultsSink(config)) {
                replay.start();
                await().atMost(Duration.ofSeconds(60)).ignoreException(NoSuchKeyException.class)
                        .until(() -> objects(s3.client(), bucket).equals(objects));
            }
            assertThat(objects(s3.client(), bucket)).isEqualTo(objects);
        }
    }

    private static String quote(String s) {
        return Pattern.quote(s);
    }

    /** Each object's bytes, Base64 in a string so that two listings compare by content. */
    private static Map<String, String> objects(S3Client client, String bucket) {
        Map<String, String> out = new TreeMap<>();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            byte[] body = client.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
            out.put(o.key(), Base64.getEncoder().encodeToString(body));
        }
        return out;
    }

    private static byte[] decode(String body) {
        return Base64.getDecoder().decode(body);
    }

    private static List<ObjectRows> rows(ResultFormat format, S3Client client, String bucket) {
        List<ObjectRows> out = new ArrayList<>();
        objects(client, bucket).values().forEach(body -> out.addAll(ObjectRows.read(format, decode(body))));
        return out;
    }
}
