package io.breedline.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** An object-created event as MinIO's notify_kafka sends it: key URL-encoded, message keyed {@code bucket/object}. */
final class MinioEvents {
    private MinioEvents() {}

    static String put(String bucket, String key, String etag, long size, String sequencer) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
        String record = "{\"eventVersion\":\"2.0\",\"eventSource\":\"minio:s3\",\"eventName\":\"s3:ObjectCreated:Put\","
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket + "\"},"
                + "\"object\":{\"key\":\"" + encoded + "\",\"size\":" + size + ",\"eTag\":\"" + etag.replace("\"", "")
                + "\",\"contentType\":\"image/jpeg\",\"sequencer\":\"" + sequencer + "\"}}}";
        return "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"" + bucket + "/" + encoded + "\",\"Records\":[" + record + "]}";
    }
}
