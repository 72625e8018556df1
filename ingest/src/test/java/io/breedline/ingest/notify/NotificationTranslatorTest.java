package io.breedline.ingest.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageIds;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Sequencer;
import io.breedline.ingest.source.ImageExtensions;
import io.breedline.testkit.S3Events;
import io.breedline.testkit.S3Events.Obj;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NotificationTranslatorTest {
    private static final Instant NOW = Instant.parse("2026-11-26T20:00:00Z");
    private final NotificationTranslator translator = new NotificationTranslator(
            new EventFilter("dogs/", ImageExtensions.defaults()), "trigger-1", "ingest-trigger-a", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aCreatedImageBecomesAReferenceWithTheEventsEtagVersionAndSize() {
        Translation t = translate(S3Events.aws(Obj.put("photos", "dogs/a b+c.jpg", "e1", 42).version("v7")));

        assertThat(t.deadLetters()).isEmpty();
        assertThat(t.skipped()).isZero();
        ImageRef ref = t.references().get(0);
        assertThat(ref.uri()).isEqualTo("s3://photos/dogs/a b+c.jpg");
        assertThat(ref.imageId()).isEqualTo(ImageIds.forUri("s3://photos/dogs/a b+c.jpg"));
        assertThat(ref.etag()).isEqualTo("e1");
        assertThat(ref.versionId()).isEqualTo("v7");
        assertThat(ref.sizeBytes()).isEqualTo(42L);
        assertThat(ref.jobId()).isEqualTo("trigger-1");
        assertThat(ref.submittedAt()).isEqualTo(NOW);
        assertThat(ref.sequencer()).isEqualTo(Sequencer.normalize(S3Events.Obj.put("photos", "k", "e", 1).sequencer()));
    }

    @Test
    void theSameUploadGivesTheSameReferenceFromEverySource() {
        Obj o = Obj.put("photos", "dogs/ü x.jpg", "e1", 42);
        ImageRef fromAws = translate(S3Events.aws(o)).references().get(0);

        assertThat(translate(S3Events.minio(o)).references()).containsExactly(fromAws);
        assertThat(translate(S3Events.sns(S3Events.aws(o))).references()).containsExactly(fromAws);
    }

    @Test
    void deletesNonImagesAndKeysOutsideThePrefixAreSkippedNotDeadLettered() {
        Translation t = translate(S3Events.aws(
                Obj.put("photos", "dogs/rex.jpg", "1", 1),
                Obj.put("photos", "dogs/rex.jpg", "1", 1).named("ObjectRemoved:Delete"),
                Obj.put("photos", "dogs/notes.txt", "2", 2),
                Obj.put("photos", "cats/tom.jpg", "3", 3),
                Obj.put("photos", "dogs/copy.PNG", "4", 4).named("ObjectCreated:Copy")));

        assertThat(t.references()).extracting(ImageRef::uri)
                .containsExactly("s3://photos/dogs/rex.jpg", "s3://photos/dogs/copy.PNG");
        assertThat(t.skipped()).isEqualTo(3);
        assertThat(t.deadLetters()).isEmpty();
    }

    @Test
    void aKeyWithoutAnImageExtensionIsPublishedWhenItsFirstBytesAreAnImagesAndOnlyThenRead() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
        java.util.List<String> read = new java.util.ArrayList<>();
        ObjectHeads heads = (event, bytes) -> {
            read.add(event.key());
            return event.key().startsWith("dogs/IMG") ? java.util.Optional.of(jpeg)
                    : java.util.Optional.of("plain text".getBytes(StandardCharsets.US_ASCII));
        };
        NotificationTranslator sniffing = new NotificationTranslator(new EventFilter("dogs/", ImageExtensions.defaults()),
                heads, "trigger-1", "ingest-trigger-a", Clock.fixed(NOW, ZoneOffset.UTC));
        Translation t = sniffing.translate("sqs", "m1", S3Events.aws(
                Obj.put("photos", "dogs/IMG_0042", "1", 1000),
                Obj.put("photos", "dogs/README", "2", 20),
                Obj.put("photos", "dogs/rex.jpg", "3", 1000),
                Obj.put("photos", "dogs/empty", "4", 0),
                Obj.put("photos", "cats/IMG_0043", "5", 1000)).getBytes(StandardCharsets.UTF_8));

        assertThat(t.references()).extracting(ImageRef::uri)
                .containsExactly("s3://photos/dogs/IMG_0042", "s3://photos/dogs/rex.jpg");
        assertThat(t.skipped()).isEqualTo(3);
        assertThat(read).as("objects read: only keys in the prefix without an image extension, not empty")
                .containsExactly("dogs/IMG_0042", "dogs/README");
    }

    @Test
    void aContentTypeThatCannotBeAnImageIsSkipped() {
        Translation t = translate(S3Events.minio(Obj.put("photos", "dogs/rex.jpg", "1", 1))
                .replace("\"contentType\":\"image/jpeg\"", "\"contentType\":\"text/html; charset=utf-8\""));
        assertThat(t.references()).isEmpty();
        assertThat(t.skipped()).isEqualTo(1);
        for (String type : new String[] {"image/jpeg", "IMAGE/PNG", "application/octet-stream", "binary/octet-stream", ""}) {
            Translation ok = translate(S3Events.minio(Obj.put("photos", "dogs/rex.jpg", "1", 1))
                    .replace("\"contentType\":\"image/jpeg\"", "\"contentType\":\"" + type + "\""));
            assertThat(ok.references()).as(type).hasSize(1);
        }
    }

    @Test
    void aTestEventIsAcknowledgedWithNothingToPublish() {
        Translation t = translate(S3Events.testEvent("photos"));

        assertThat(t.references()).isEmpty();
        assertThat(t.deadLetters()).isEmpty();
        assertThat(t.skipped()).isZero();
    }

    @Test
    void aMalformedNotificationBecomesADeadLetterWithItsRawBody() {
        String body = "{\"Records\": \"oops\" ü";

        Translation t = translator.translate("kafka", "notify-0-17", body.getBytes(StandardCharsets.UTF_8));

        assertThat(t.references()).isEmpty();
        DeadLetter dead = t.deadLetters().get(0);
        assertThat(dead.imageId()).isEqualTo("raw:kafka:notify-0-17");
        assertThat(dead.stage()).isEqualTo(FailureStage.PARSE);
        assertThat(new String(Base64.getDecoder().decode(dead.rawBase64()), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(dead.reason()).startsWith("malformed S3 event notification: the notification is not JSON");
        assertThat(dead.exceptionType()).isEqualTo(MalformedNotificationException.class.getName());
        assertThat(dead.reference()).isNull();
        assertThat(dead.jobId()).isEqualTo("trigger-1");
        assertThat(dead.workerId()).isEqualTo("ingest-trigger-a");
        assertThat(dead.retriable()).isFalse();
    }

    private Translation translate(String body) {
        return translator.translate("test", "1", body.getBytes(StandardCharsets.UTF_8));
    }
}
