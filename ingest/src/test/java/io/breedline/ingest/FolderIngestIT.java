package io.breedline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.contracts.Topics;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderIngestIT {
    @TempDir Path tmp;

    @Test
    void aFolderOfFiftyImagesAndFiveOtherFilesGivesExactlyFiftyReferences() throws IOException, MalformedMessageException {
        KafkaServer kafka = TestServers.kafka();
        String topic = Names.unique("images");
        kafka.createTopic(topic, 3);
        Path root = tmp.resolve("photos");
        Set<String> expectedUris = new HashSet<>();
        String[] extensions = {"jpg", "JPEG", "png", "gif", "webp"};
        for (int i = 0; i < 50; i++) {
            Path file = root.resolve("breed-" + (i % 5) + "/dog " + i + "." + extensions[i % extensions.length]);
            write(file, i + 1);
            expectedUris.add(file.toString());
        }
        for (String other : new String[] {"README", "notes.txt", "breed-0/labels.csv", "breed-1/meta.json", "breed-2/clip.mov"}) {
            write(root.resolve(other), 3);
        }
        write(root.resolve(".cache/hidden.jpg"), 3);
        IngestConfig config = IngestConfig.of(kafka.settings(), S3Settings.from(Settings.of(Map.of())))
                .withTopics(new Topics(topic, topic + ".predictions", topic + ".dead"));

        IngestSummary summary = new Ingestor(config).run(root.toString());

        assertThat(summary.published()).isEqualTo(50);
        // The five files that are not images (zeros: no image signature either), and the hidden directory.
        assertThat(summary.skipped()).isEqualTo(6);
        assertThat(summary.skippedBy()).containsEntry("no extension", 1L).containsEntry(".mov", 1L)
                .containsEntry("hidden (name starting with '.')", 1L);
        assertThat(summary.failed()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.readAll(kafka.bootstrapServers(), topic);
        assertThat(records).hasSize(50);
        List<ImageRef> refs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ImageRef ref = Json.readImageRef(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(ref.imageId()).isEqualTo(ImageIds.forUri(ref.uri()));
            assertThat(ref.jobId()).isEqualTo(summary.jobId());
            assertThat(ref.sizeBytes()).isEqualTo(Files.size(Path.of(ref.uri())));
            refs.add(ref);
        }
        assertThat(refs).extracting(ImageRef::uri).containsExactlyInAnyOrderElementsOf(expectedUris);
    }

    private static void write(Path file, int size) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[size]);
    }
}
