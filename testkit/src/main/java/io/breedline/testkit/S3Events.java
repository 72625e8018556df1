package io.breedline.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Notification bodies as AWS S3, MinIO and SNS send them, for tests: the ingest trigger's unit and integration tests
 * and the end-to-end upload tests. Each encodes the object key the way its sender does; the trigger must decode every
 * one back to the stored key.
 */
public final class S3Events {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private S3Events() {}

    /** One object of an event: its key as stored. */
    public record Obj(String eventName, String bucket, String key, String etag, String versionId, long size, String sequencer) {
        public static Obj put(String bucket, String key, String etag, long size) {
            return new Obj("ObjectCreated:Put", bucket, key, etag, null, size, "0055AED6DCD90281E5");
        }

        public Obj named(String name) {
            return new Obj(name, bucket, key, etag, versionId, size, sequencer);
        }

        public Obj version(String v) {
            return new Obj(eventName, bucket, key, etag, v, size, sequencer);
        }

        /** S3's per-key ordering token: {@code n} as 16 hex digits, so later uploads of a key compare greater. */
        public Obj sequencer(long n) {
            return new Obj(eventName, bucket, key, etag, versionId, size, String.format("%016X", n));
        }
    }

    /** AWS encodes keys as form values but keeps '/': {@code dogs/with+space.jpg}. */
    public static String awsEncode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** MinIO (Go's url.QueryEscape) also escapes '/': {@code dogs%2Fwith+space.jpg}. */
    public static String minioEncode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("*", "%2A");
    }

    /** An AWS S3 event notification with one record per object. */
    public static String aws(Obj... objects) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (Obj o : objects) {
            records.add(record(o, "aws:s3", o.eventName(), awsEncode(o.key())));
        }
        return root.toString();
    }

    /** MinIO's notify_kafka / notify_webhook body: top-level EventName and Key (bucket/object, decoded), Records. */
    public static String minio(Obj o) {
        String name = o.eventName().startsWith("s3:") ? o.eventName() : "s3:" + o.eventName();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("EventName", name);
        root.put("Key", o.bucket() + "/" + o.key());
        ObjectNode r = record(o, "minio:s3", name, minioEncode(o.key()));
        ((ObjectNode) r.get("s3").get("object")).put("contentType", "image/jpeg");
        if (o.versionId() == null) {
            ((ObjectNode) r.get("s3").get("object")).put("versionId", "");
        }
        r.putObject("source").put("host", "10.0.0.1").put("port", "").put("userAgent", "MinIO (linux; amd64)");
        root.putArray("Records").add(r);
        return root.toString();
    }

    /** The test event S3 sends when a notification configuration is saved. */
    public static String testEvent(String bucket) {
        return "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-26T20:00:00.000Z\","
                + "\"Bucket\":\"" + bucket + "\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw098X5cv4Zkwcm\"}";
    }

    /** An SNS notification envelope around a message, as SNS delivers it to SQS (raw delivery off) or over HTTP. */
    public static String sns(String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("Type", "Notification");
        root.put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
        root.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:photos");
        root.put("Subject", "Amazon S3 Notification");
        root.put("Message", message);
        root.put("Timestamp", "2026-11-26T20:00:00.000Z");
        root.put("SignatureVersion", "1");
        root.put("Signature", "EXAMPLE");
        root.put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem");
        root.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe");
        return root.toString();
    }

    public static String subscriptionConfirmation(String subscribeUrl) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("Type", "SubscriptionConfirmation");
        root.put("MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b");
        root.put("Token", "2336412f37");
        root.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:photos");
        root.put("Message", "You have chosen to subscribe to the topic. To confirm, visit the SubscribeURL.");
        root.put("SubscribeURL", subscribeUrl);
        root.put("Timestamp", "2026-11-26T20:00:00.000Z");
        root.put("SignatureVersion", "1");
        root.put("Signature", "EXAMPLE");
        root.put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem");
        return root.toString();
    }

    /** Keys that break naive decoding: spaces, '+', '%', unicode, nested prefixes, characters '&' '='. */
    public static final List<String> AWKWARD_KEYS = List.of(
            "dogs/with space.jpg",
            "dogs/plus+sign.jpg",
            "dogs/percent%20literal.jpg",
            "dogs/100%.png",
            "dogs/ünïcødé-犬.jpg",
            "dogs/emoji-\uD83D\uDC15.webp",
            "dogs/sub dir/deeper/a+b=c&d.jpeg");

    private static ObjectNode record(Obj o, String source, String eventName, String encodedKey) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("eventVersion", "2.1");
        r.put("eventSource", source);
        r.put("awsRegion", "us-east-1");
        r.put("eventTime", "2026-11-26T20:00:00.000Z");
        r.put("eventName", eventName);
        r.putObject("userIdentity").put("principalId", "AWS:AIDAJDPLRKLG7UEXAMPLE");
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        r.putObject("responseElements").put("x-amz-request-id", "C3D13FE58DE4C810").put("x-amz-id-2", "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "breedline");
        s3.putObject("bucket").put("name", o.bucket()).put("arn", "arn:aws:s3:::" + o.bucket())
                .putObject("ownerIdentity").put("principalId", "A3NL1KOZZKExample");
        ObjectNode object = s3.putObject("object");
        object.put("key", encodedKey);
        if (!o.eventName().contains("ObjectRemoved")) {
            object.put("size", o.size());
            if (o.etag() != null) {
                object.put("eTag", o.etag());
            }
        }
        if (o.versionId() != null) {
            object.put("versionId", o.versionId());
        }
        object.put("sequencer", o.sequencer());
        return r;
    }
}
