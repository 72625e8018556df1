package io.breedline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.ingest.progress.ProgressReporter;
import io.breedline.ingest.publish.ReferencePublisher;
import io.breedline.ingest.source.ImageSource;
import io.breedline.ingest.source.SourceException;
import io.breedline.ingest.source.SourceObject;
import io.breedline.ingest.source.Sources;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestorTest {
    private static final String TOPIC = "images-test";
    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir Path tmp;

    private final IngestConfig config = IngestConfig.of(
            KafkaSettings.of("unused:9092"), S3Settings.forEndpoint(URI.create("http://unused:1"), "a", "b"));
    private final FakeClock clock = new FakeClock(START, Duration.ofMillis(30));
    private final RecordingListener listener = new RecordingListener();
    private MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private int publishersCreated;

    @Test
    void publishesOneReferencePerImageAndCountsTheRestAsSkipped() throws Exception {
        Path root = tmp.resolve("dogs");
        write(root.resolve("a.jpg"), 10);
        write(root.resolve("b.PNG"), 20);
        write(root.resolve("sub/c.webp"), 30);
        write(root.resolve("notes.txt"), 1);
        write(root.resolve("sub/data.csv"), 1);
        write(root.resolve(".hidden.jpg"), 1);

        IngestSummary summary = folderIngestor(config.withJobId("job-fixed")).run(root.toString());

        assertThat(summary.jobId()).isEqualTo("job-fixed");
        assertThat(summary.published()).isEqualTo(3);
        assertThat(summary.skipped()).isEqualTo(3);
        assertThat(summary.skippedBy()).containsExactlyInAnyOrderEntriesOf(
                Map.of(".txt", 1L, ".csv", 1L, "hidden (name starting with '.')", 1L));
        assertThat(summary.failed()).isZero();
        assertThat(summary.elapsed()).isPositive();
        List<ImageRef> refs = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            ImageRef ref = Json.readImageRef(r.value());
            assertThat(r.topic()).isEqualTo(TOPIC);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(ref.imageId());
            refs.add(ref);
        }
        assertThat(refs).extracting(ImageRef::uri)
                .containsExactly(root + "/a.jpg", root + "/b.PNG", root + "/sub/c.webp");
        assertThat(refs).extracting(ImageRef::sizeBytes).containsExactly(10L, 20L, 30L);
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref.jobId()).isEqualTo("job-fixed");
            assertThat(ref.imageId()).isEqualTo(ImageIds.forUri(ref.uri()));
            assertThat(ref.submittedAt()).isAfter(START);
        });
        assertThat(producer.closed()).isTrue();
        assertThat(listener.events.get(0)).isEqualTo("started job-fixed " + root + " " + TOPIC);
        assertThat(listener.events).last().isEqualTo("finished " + summary);
        assertThat(listener.summary).isEqualTo(summary);
    }

    @Test
    void filesWithoutAnImageExtensionAreRecognisedByTheirFirstBytesAndTheRestCountedByExtension() throws Exception {
        Path root = tmp.resolve("archive");
        Files.createDirectories(root);
        Files.write(root.resolve("IMG_0001"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16});
        Files.write(root.resolve("photo.dat"), heicHead());
        Files.write(root.resolve("pic.heic"), heicHead());
        Files.writeString(root.resolve("notes.txt"), "not a photo");
        Files.writeString(root.resolve("todo.txt"), "nor this");
        Files.write(root.resolve("clip.MOV"), new byte[] {0, 0, 0, 20, 'f', 't', 'y', 'p', 'q', 't', ' ', ' '});
        Files.writeString(root.resolve("README"), "text");
        Files.write(root.resolve("empty"), new byte[0]);

        IngestSummary summary = folderIngestor(config).run(root.toString());

        assertThat(producer.history()).extracting(r -> Json.readImageRef(r.value()).uri())
                .containsExactly(root + "/IMG_0001", root + "/photo.dat", root + "/pic.heic");
        assertThat(summary.skipped()).isEqualTo(5);
        assertThat(summary.skippedBy()).containsExactlyInAnyOrderEntriesOf(
                Map.of(".txt", 2L, ".mov", 1L, "no extension", 2L));
        assertThat(ProgressReporter.summary(summary)).contains("skipped 5: 2 .txt, 2 no extension, 1 .mov;");
    }

    // The start of an iPhone photo: an ftyp box with major brand heic.
    private static byte[] heicHead() {
        return new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h',
                'e', 'i', 'c', 0, 0, 0, 0};
    }

    @Test
    void withoutAConfiguredJobIdEachRunGetsAGeneratedOne() throws IOException {
        Path root = tmp.resolve("dogs");
        write(root.resolve("a.jpg"), 1);
        Ingestor ingestor = folderIngestor(config);

        String first = ingestor.run(root.toString()).jobId();
        producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        String second = ingestor.run(root.toString()).jobId();

        assertThat(first).matches("job-20250301-12000\\d-[0-9a-f]{6}");
        assertThat(second).matches("job-20250301-12000\\d-[0-9a-f]{6}");
        assertThat(listener.events.get(0)).startsWith("started " + first + " ");
    }

    @Test
    void progressReachesTheListenerAtMostEveryTickAndNeverGoesBackwards() throws IOException {
        Path root = tmp.resolve("dogs");
        for (int i = 0; i < 60; i++) {
            write(root.resolve(String.format("%02d.jpg", i)), 1);
        }

        folderIngestor(config).run(root.toString());

        // 60 images, 30 ms of fake time each: about 1.8 s, so 8 or 9 ticks of 200 ms, not one per image.
        assertThat(listener.progress).hasSizeBetween(7, 9);
        for (int i = 1; i < listener.progress.size(); i++) {
            IngestProgress before = listener.progress.get(i - 1);
            IngestProgress after = listener.progress.get(i);
            assertThat(after.published()).isGreaterThan(before.published());
            assertThat(Duration.between(Instant.EPOCH.plus(before.elapsed()), Instant.EPOCH.plus(after.elapsed())))
                    .isGreaterThanOrEqualTo(Ingestor.PROGRESS_TICK);
        }
    }

    @Test
    void theFirstFailedSendStopsTheListingAndFailsTheRunWithTheCount() throws IOException {
        Path root = tmp.resolve("dogs");
        for (int i = 0; i < 10; i++) {
            write(root.resolve(i + ".jpg"), 1);
        }
        producer = new AnswerEachSend(n -> n == 3 ? new TimeoutException("Topic " + TOPIC + " not present in metadata") : null);

        assertThatThrownBy(() -> folderIngestor(config.withJobId("job-x")).run(root.toString()))
                .isInstanceOf(IngestFailedException.class)
                .hasMessageStartingWith("ingest job job-x failed: 1 of 3 references could not be published to topic '"
                        + TOPIC + "' (first error: org.apache.kafka.common.errors.TimeoutException: Topic " + TOPIC
                        + " not present in metadata)")
                .hasCauseInstanceOf(TimeoutException.class)
                .satisfies(e -> assertThat(((IngestFailedException) e).summary())
                        .isEqualTo(listener.summary)
                        .extracting(IngestSummary::published, IngestSummary::failed)
                        .containsExactly(2L, 1L));
        assertThat(producer.history()).hasSize(3);
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void failuresKnownOnlyAtTheFinalFlushStillFailTheRun() throws IOException {
        Path root = tmp.resolve("dogs");
        for (int i = 0; i < 5; i++) {
            write(root.resolve(i + ".jpg"), 1);
        }
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                errorNext(new TimeoutException("Expiring 1 record(s)"));
                errorNext(new TimeoutException("Expiring 1 record(s)"));
                super.flush();
            }
        };

        assertThatThrownBy(() -> folderIngestor(config).run(root.toString()))
                .isInstanceOf(IngestFailedException.class)
                .hasMessageContaining(": 2 of 5 references could not be published");
        assertThat(listener.summary.published()).isEqualTo(3);
        assertThat(listener.summary.failed()).isEqualTo(2);
    }

    @Test
    void aListingFailurePartWayDeliversWhatWasSentThenPropagates() {
        ImageSource breaksAfterTwo = new ImageSource() {
            @Override
            public String description() {
                return "s3://photos/dogs/";
            }

            @Override
            public Iterator<SourceObject> iterator() {
                return new Iterator<>() {
                    int n;

                    @Override
                    public boolean hasNext() {
                        if (n == 2) {
                            throw new SourceException("cannot list s3://photos/dogs/: S3 could not be reached: reset");
                        }
                        return true;
                    }

                    @Override
                    public SourceObject next() {
                        return new SourceObject("s3://photos/dogs/" + n++ + ".jpg", "e", null, 1);
                    }
                };
            }
        };
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        Ingestor ingestor = ingestor((spec, s3) -> breaksAfterTwo);

        assertThatThrownBy(() -> ingestor.run("s3://photos/dogs/"))
                .isInstanceOf(SourceException.class)
                .hasMessage("cannot list s3://photos/dogs/: S3 could not be reached: reset");
        assertThat(producer.flushed()).isTrue();
        assertThat(listener.summary.published()).isEqualTo(2);
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void aBadSourceFailsBeforeAnythingStarts() {
        Ingestor ingestor = folderIngestor(config);

        assertThatThrownBy(() -> ingestor.run("http://example.com/dogs"))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("unsupported scheme 'http'");
        assertThatThrownBy(() -> ingestor.run(tmp.resolve("missing").toString()))
                .isInstanceOf(SourceException.class)
                .hasMessage("folder " + tmp.resolve("missing") + " does not exist");
        assertThatThrownBy(ingestor::run)
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("no source given")
                .hasMessageContaining("BREEDLINE_INGEST_SOURCE");
        assertThat(publishersCreated).isZero();
        assertThat(listener.events).isEmpty();
    }

    @Test
    void theConfiguredSourceIsUsedByRunWithoutArguments() throws IOException {
        Path root = tmp.resolve("dogs");
        write(root.resolve("a.jpg"), 1);

        assertThat(folderIngestor(config.withSource(root.toString())).run().published()).isEqualTo(1);
    }

    @Test
    void stopEndsTheListingEarlyAndTheRunStillReturnsWhatWasPublished() throws IOException {
        Path root = tmp.resolve("dogs");
        for (int i = 0; i < 100; i++) {
            write(root.resolve(String.format("%03d.jpg", i)), 1);
        }
        Ingestor[] self = new Ingestor[1];
        ProgressListener stopAtFirstProgress = new ProgressListener() {
            @Override
            public void progressed(IngestProgress progress) {
                self[0].stop();
            }
        };
        self[0] = new Ingestor(config, stopAtFirstProgress, clock, (spec, s3) -> Sources.open(spec, s3, 1000), this::publisher);

        IngestSummary summary = self[0].run(root.toString());

        // The first tick comes after 200 ms of fake time, 30 ms per image.
        assertThat(summary.published()).isBetween(6L, 8L);
        assertThat(producer.history()).hasSize((int) summary.published());
    }

    @Test
    void aStopThatComesBeforeTheRunIsNotLost() throws IOException {
        Path root = tmp.resolve("dogs");
        write(root.resolve("a.jpg"), 1);
        Ingestor ingestor = folderIngestor(config);

        ingestor.stop();
        IngestSummary summary = ingestor.run(root.toString());

        assertThat(summary.published()).isZero();
        assertThat(producer.history()).isEmpty();
    }

    private Ingestor folderIngestor(IngestConfig c) {
        return new Ingestor(c, listener, clock, (spec, s3) -> Sources.open(spec, () -> {
            throw new AssertionError("no S3 in this test");
        }, 1000), this::publisher);
    }

    private Ingestor ingestor(Ingestor.SourceOpener sources) {
        return new Ingestor(config, listener, clock, sources, this::publisher);
    }

    private ReferencePublisher publisher(String jobId) {
        publishersCreated++;
        return new ReferencePublisher(producer, TOPIC);
    }

    private static Path write(Path file, int size) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[size]);
    }

    /** Answers each send at once: fails the n-th (1-based) when the function gives an exception. */
    private static final class AnswerEachSend extends MockProducer<byte[], byte[]> {
        private final Function<Integer, RuntimeException> failure;
        private int n;

        AnswerEachSend(Function<Integer, RuntimeException> failure) {
            super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.failure = failure;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            Future<RecordMetadata> f = super.send(record, callback);
            RuntimeException e = failure.apply(++n);
            if (e == null) {
                completeNext();
            } else {
                errorNext(e);
            }
            return f;
        }
    }

    /** A clock that moves forward a fixed step each time it is read. */
    static final class FakeClock extends Clock {
        private Instant now;
        private final Duration step;

        FakeClock(Instant start, Duration step) {
            this.now = start;
            this.step = step;
        }

        @Override
        public Instant instant() {
            now = now.plus(step);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    static final class RecordingListener implements ProgressListener {
        final List<String> events = new ArrayList<>();
        final List<IngestProgress> progress = new ArrayList<>();
        IngestSummary summary;

        @Override
        public void started(String jobId, String source, String topic) {
            events.add("started " + jobId + " " + source + " " + topic);
        }

        @Override
        public void progressed(IngestProgress p) {
            events.add("progressed " + p);
            progress.add(p);
        }

        @Override
        public void finished(IngestSummary s) {
            events.add("finished " + s);
            summary = s;
        }
    }
}
