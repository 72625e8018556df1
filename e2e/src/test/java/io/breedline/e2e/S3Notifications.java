package io.breedline.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * S3 event notification bodies as their real senders write them, for the end-to-end trigger tests: MinIO's
 * {@code notify_kafka}/{@code notify_webhook} body, AWS S3's event (sent to SQS or SNS) and the SNS envelope around it.
 * Each encodes the object key the way its sender does; the trigger must decode every one back to the stored key.
 */
final class S3Notifications {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private S3Notifications() {}

    /** An object in the test S3 server: its key as stored, its ETag (no quotes) and size as S3 reported them. */
    record Upload(String bucket, String key, String etag, long size, int seq) {
        /** S3's per-key ordering token: hex. */
        String sequencer() {
            return String.format("%016X", seq + 1);
        }
    }

    /**
     * MinIO (Go's {@code url.QueryEscape}) form-encodes the key and escapes '/' too: space as '+', '+' as %2B, '/' as
     * %2F. (Java's encoder differs only on '*' and '~', which no test key holds.)
     */
    static String minioEncode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** AWS form-encodes the key (space as '+', '+' as %2B, '%' as %25) but keeps '/': {@code uploads/my+dog.jpg}. */
    static String awsEncode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** MinIO's {@code bucket/object} name of an object: the Kafka record key and the body's top-level Key, decoded. */
    static String minioKey(Upload u) {
        return u.bucket() + "/" + u.key();
    }

    /**
     * The body MinIO's notify_kafka and notify_webhook targets send: {@code event.Log} with EventName, Key (bucket/object,
     * decoded, as MinIO's targets build it after {@code url.QueryUnescape}) and one record whose key is encoded.
     */
    static String minio(Upload u) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("EventName", "s3:ObjectCreated:Put");
        root.put("Key", minioKey(u));
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.0");
        record.put("eventSource", "minio:s3");
        record.put("awsRegion", "");
        record.put("eventTime", "2026-11-26T12:00:00.000Z");
        record.put("eventName", "s3:ObjectCreated:Put");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.putObject("bucket").put("name", u.bucket());
        s3.putObject("object")
                .put("key", minioEncode(u.key()))
                .put("size", u.size())
                .put("eTag", u.etag())
                .put("contentType", "image/jpeg")
                .put("sequencer", u.sequencer());
        return root.toString();
    }

    /** An AWS S3 event notification for one created object, as S3 sends it to an SQS queue or an SNS topic. */
    static String aws(Upload u) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", "2026-11-26T12:00:00.000Z");
        record.put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "AWS:AIDAJDPLRKLG7UEXAMPLE");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", "C3D13FE58DE4C810")
                .put("x-amz-id-2", "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "breedline-uploads");
        s3.putObject("bucket").put("name", u.bucket()).put("arn", "arn:aws:s3:::" + u.bucket())
                .putObject("ownerIdentity").put("principalId", "A3NL1KOZZKExample");
        s3.putObject("object")
                .put("key", awsEncode(u.key()))
                .put("size", u.size())
                .put("eTag", u.etag())
                .put("sequencer", u.sequencer());
        return root.toString();
    }

    /** The SNS envelope around a message, as SNS delivers it to a subscribed SQS queue with raw delivery off. */
    static String sns(String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("Type", "Notification");
        root.put("MessageId", UUID.randomUUID().toString());
        root.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:uploads");
        root.put("Subject", "Amazon S3 Notification");
        root.put("Message", message);
        root.put("Timestamp", "2026-11-26T12:00:00.000Z");
        root.put("SignatureVersion", "1");
        root.put("Signature", "EXAMPLE");
        root.put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem");
        root.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe");
        return root.toString();
    }
}
