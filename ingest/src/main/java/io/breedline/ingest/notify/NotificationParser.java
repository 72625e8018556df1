package io.breedline.ingest.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the notification formats every trigger source receives: the AWS S3 event ({@code Records[]}), MinIO's variant
 * of it (top-level {@code EventName}, {@code Key} = {@code bucket/object}, and the same {@code Records[]}), the S3
 * test event, and an SNS envelope ({@code Type: Notification}) whose {@code Message} is one of those as a string.
 */
public final class NotificationParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TEST_EVENT = "s3:TestEvent";

    private NotificationParser() {}

    public static Notification parse(byte[] body) throws MalformedNotificationException {
        return parse(body, true);
    }

    /**
     * Decodes an S3 event key. S3 and MinIO encode keys as HTML form values: a space as {@code +}, a literal {@code +}
     * as {@code %2B}, and MinIO {@code /} as {@code %2F}; so form decoding, not URI-path decoding, gives the key back.
     */
    public static String decodeKey(String encoded) throws MalformedNotificationException {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedNotificationException("object key '" + encoded + "' is not URL-encoded: " + e.getMessage(), e);
        }
    }

    private static Notification parse(byte[] body, boolean envelopeAllowed) throws MalformedNotificationException {
        if (body == null || body.length == 0) {
            throw new MalformedNotificationException("the notification is empty");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedNotificationException("the notification is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedNotificationException("the notification cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedNotificationException("the notification is not a JSON object");
        }
        if (root.hasNonNull("Type") && !root.has("Records")) {
            if (!envelopeAllowed) {
                throw new MalformedNotificationException("an SNS envelope inside an SNS envelope");
            }
            return snsEnvelope(root);
        }
        if (TEST_EVENT.equals(root.path("Event").asText(null))) {
            return Notification.control(TEST_EVENT);
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new MalformedNotificationException(
                    "the notification has no Records array: it is not an S3 event, an S3 test event or an SNS envelope");
        }
        List<S3Event> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(record(records.get(i), i));
        }
        return Notification.of(events);
    }

    private static Notification snsEnvelope(JsonNode root) throws MalformedNotificationException {
        String type = root.get("Type").asText();
        if (!"Notification".equals(type)) {
            // SubscriptionConfirmation is answered by the webhook before parsing; anything else carries no event.
            return Notification.control("SNS " + type);
        }
        JsonNode message = root.get("Message");
        if (message == null || !message.isTextual()) {
            throw new MalformedNotificationException("the SNS notification has no Message string");
        }
        try {
            return parse(message.asText().getBytes(StandardCharsets.UTF_8), false);
        } catch (MalformedNotificationException e) {
            throw new MalformedNotificationException("the SNS notification's Message: " + e.getMessage(), e);
        }
    }

    private static S3Event record(JsonNode r, int index) throws MalformedNotificationException {
        String where = "Records[" + index + "]";
        if (r == null || !r.isObject()) {
            throw new MalformedNotificationException(where + " is not an object");
        }
        String eventName = text(r, "eventName", where);
        JsonNode s3 = r.path("s3");
        String bucket = text(s3.path("bucket"), "name", where + ".s3.bucket");
        JsonNode object = s3.path("object");
        String key = decodeKey(text(object, "key", where + ".s3.object"));
        if (key.isEmpty()) {
            throw new MalformedNotificationException(where + ".s3.object.key is empty");
        }
        Long size = null;
        JsonNode sizeNode = object.get("size");
        if (sizeNode != null && !sizeNode.isNull()) {
            if (!sizeNode.canConvertToLong() || sizeNode.asLong() < 0) {
                throw new MalformedNotificationException(where + ".s3.object.size is not a size: " + sizeNode);
            }
            size = sizeNode.asLong();
        }
        return new S3Event(eventName, bucket, key, etag(optional(object, "eTag")), optional(object, "versionId"), size,
                optional(object, "sequencer"), optional(object, "contentType"));
    }

    private static String text(JsonNode node, String field, String where) throws MalformedNotificationException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new MalformedNotificationException(where + "." + field + " is missing or not a string");
        }
        return v.asText();
    }

    /** A blank value counts as absent: MinIO sends {@code "versionId": ""} for unversioned buckets. */
    private static String optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        return v.asText();
    }

    private static String etag(String raw) {
        return raw == null ? null : raw.replace("\"", "");
    }
}
