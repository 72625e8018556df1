package io.breedline.ingest.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.testkit.S3Events;
import io.breedline.testkit.S3Events.Obj;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationParserTest {

    @Test
    void anAwsEventGivesEveryFieldWithTheKeyDecoded() throws Exception {
        Notification n = parse(S3Events.aws(Obj.put("photos", "dogs/with space.jpg", "d41d8cd98f00b204e9800998ecf8427e", 1234)
                .version("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")));

        assertThat(n.control()).isNull();
        assertThat(n.events()).containsExactly(new S3Event("ObjectCreated:Put", "photos", "dogs/with space.jpg",
                "d41d8cd98f00b204e9800998ecf8427e", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", 1234L, "0055AED6DCD90281E5"));
        assertThat(n.events().get(0).uri()).isEqualTo("s3://photos/dogs/with space.jpg");
    }

    @Test
    void awkwardKeysSurviveAwsAndMinioEncodings() throws Exception {
        for (String key : S3Events.AWKWARD_KEYS) {
            Obj o = Obj.put("photos", key, "etag", 1);
            assertThat(parse(S3Events.aws(o)).events()).extracting(S3Event::key).as("AWS %s", key).containsExactly(key);
            assertThat(parse(S3Events.minio(o)).events()).extracting(S3Event::key).as("MinIO %s", key).containsExactly(key);
        }
    }

    @Test
    void theEncodingsAreTheOnesS3AndMinioUse() {
        // The checks above would pass with an encoder that did nothing; pin what the wire looks like.
        assertThat(S3Events.awsEncode("dogs/with space+plus%.jpg")).isEqualTo("dogs/with+space%2Bplus%25.jpg");
        assertThat(S3Events.minioEncode("dogs/sub dir/ü.jpg")).isEqualTo("dogs%2Fsub+dir%2F%C3%BC.jpg");
        assertThat(S3Events.minio(Obj.put("photos", "a b/c.jpg", "e", 1))).contains("\"key\":\"a+b%2Fc.jpg\"");
    }

    @Test
    void aPlusIsASpaceAndAnEncodedPlusIsAPlus() throws Exception {
        assertThat(NotificationParser.decodeKey("a+b%2Bc%2Fd%25e")).isEqualTo("a b+c/d%e");
    }

    @Test
    void minioEventsKeepTheirPrefixedNameAndABlankVersionIsNone() throws Exception {
        S3Event e = parse(S3Events.minio(Obj.put("photos", "dogs/rex.jpg", "abc", 5))).events().get(0);

        assertThat(e.eventName()).isEqualTo("s3:ObjectCreated:Put");
        assertThat(e.isObjectCreated()).isTrue();
        assertThat(e.versionId()).isNull();
        assertThat(e.etag()).isEqualTo("abc");
    }

    @Test
    void quotesAroundAnEtagAreRemoved() throws Exception {
        assertThat(parse(S3Events.aws(Obj.put("b", "k.jpg", "\"abc\"", 1))).events().get(0).etag()).isEqualTo("abc");
    }

    @Test
    void severalRecordsGiveOneEventEach() throws Exception {
        Notification n = parse(S3Events.aws(
                Obj.put("b", "a.jpg", "1", 1),
                Obj.put("b", "b.jpg", "2", 2).named("ObjectRemoved:Delete"),
                Obj.put("b", "c.jpg", "3", 3).named("ObjectCreated:CompleteMultipartUpload")));

        assertThat(n.events()).extracting(S3Event::key).containsExactly("a.jpg", "b.jpg", "c.jpg");
        assertThat(n.events()).extracting(S3Event::isObjectCreated).containsExactly(true, false, true);
        assertThat(n.events().get(1).sizeBytes()).isNull();
    }

    @Test
    void anSnsEnvelopeIsOpened() throws Exception {
        Notification n = parse(S3Events.sns(S3Events.aws(Obj.put("b", "dogs/a b.jpg", "1", 1))));

        assertThat(n.events()).extracting(S3Event::key).containsExactly("dogs/a b.jpg");
    }

    @Test
    void theTestEventIsAControlMessageDirectOrInSns() throws Exception {
        assertThat(parse(S3Events.testEvent("b")).control()).isEqualTo("s3:TestEvent");
        assertThat(parse(S3Events.sns(S3Events.testEvent("b"))).control()).isEqualTo("s3:TestEvent");
        assertThat(parse(S3Events.testEvent("b")).events()).isEmpty();
    }

    @Test
    void otherSnsTypesCarryNoEvent() throws Exception {
        assertThat(parse("{\"Type\":\"UnsubscribeConfirmation\",\"Message\":\"bye\"}").control())
                .isEqualTo("SNS UnsubscribeConfirmation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "POST", "COPY", "COMPLETEMULTIPARTUPLOAD"})
    void createdEventsInEitherForm(String kind) {
        String name = kind.equals("COMPLETEMULTIPARTUPLOAD") ? "CompleteMultipartUpload"
                : kind.charAt(0) + kind.substring(1).toLowerCase();
        assertThat(event("ObjectCreated:" + name).isObjectCreated()).isTrue();
        assertThat(event("s3:ObjectCreated:" + name).isObjectCreated()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectCreated:PutTagging",
            "s3:ObjectCreated:PutRetention", "s3:ObjectAccessed:Get", "ObjectRestore:Completed", "ObjectCreated"})
    void otherEventsAreNotCreations(String name) {
        assertThat(event(name).isObjectCreated()).isFalse();
    }

    @Test
    void malformedNotificationsSayWhatIsWrong() {
        assertMalformed("", "the notification is empty");
        assertMalformed("not json {", "the notification is not JSON");
        assertMalformed("[1,2]", "the notification is not a JSON object");
        assertMalformed("{\"hello\":1}", "the notification has no Records array");
        assertMalformed("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{}}}]}",
                "Records[0].s3.object.key is missing or not a string");
        assertMalformed("{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}]}",
                "Records[0].eventName is missing or not a string");
        assertMalformed("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"bad%zzkey\"}}}]}",
                "object key 'bad%zzkey' is not URL-encoded");
        assertMalformed("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"size\":\"big\"}}}]}",
                "Records[0].s3.object.size is not a size");
        assertMalformed("{\"Type\":\"Notification\"}", "the SNS notification has no Message string");
        assertMalformed(S3Events.sns("nope"), "the SNS notification's Message: the notification is not JSON");
        assertMalformed(S3Events.sns(S3Events.sns(S3Events.testEvent("b"))), "an SNS envelope inside an SNS envelope");
    }

    private static S3Event event(String name) {
        return new S3Event(name, "b", "k.jpg", null, null, null, null);
    }

    private static void assertMalformed(String body, String messageStart) {
        assertThatThrownBy(() -> parse(body)).as(body)
                .isInstanceOf(MalformedNotificationException.class)
                .message().contains(messageStart);
    }

    private static Notification parse(String body) throws MalformedNotificationException {
        return NotificationParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

}
