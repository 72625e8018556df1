package io.breedline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.JobRecord;
import io.breedline.contracts.JobState;
import io.breedline.contracts.Json;
import io.breedline.ingest.publish.ReferencePublisher;
import io.breedline.ingest.source.Sources;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestorJobRecordTest {
    @TempDir Path tmp;

    @Test
    void recordsTheJobOnTheJobsTopicWithTheSameProducerAndEndsItCompleteWithTheFinalCount() throws Exception {
        Path root = tmp.resolve("dogs");
        Files.createDirectories(root);
        for (int i = 0; i < 4; i++) {
            Files.write(root.resolve("d" + i + ".jpg"), new byte[1]);
        }
        Files.write(root.resolve("notes.txt"), new byte[1]);
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        List<String> created = new ArrayList<>();
        IngestConfig config = IngestConfig.of(
                KafkaSettings.of("unused:9092"), S3Settings.forEndpoint(URI.create("http://unused:1"), "a", "b"));
        Ingestor ingestor = new Ingestor(config, ProgressListener.NONE,
                Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC),
                (spec, s3) -> Sources.open(spec, () -> { throw new AssertionError("no S3"); }, 1000),
                jobId -> new ReferencePublisher(producer, "images"), "jobs", created::add);

        IngestSummary summary = ingestor.run(root.toString());

        assertThat(created).containsExactly("jobs");
        List<JobRecord> jobs = new ArrayList<>();
        int images = 0;
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            if (r.topic().equals("jobs")) {
                JobRecord job = Json.readJobRecord(r.value());
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(summary.jobId());
                jobs.add(job);
            } else {
                assertThat(Json.readImageRef(r.value())).extracting(ImageRef::jobId).isEqualTo(summary.jobId());
                images++;
            }
        }
        assertThat(images).isEqualTo(4);
        assertThat(jobs).extracting(JobRecord::state).startsWith(JobState.STARTED).endsWith(JobState.COMPLETE);
        JobRecord last = jobs.get(jobs.size() - 1);
        assertThat(last.published()).isEqualTo(4);
        assertThat(last.skipped()).isEqualTo(1);
        assertThat(last.source()).contains("dogs");
    }
}
