package io.breedline.sink.objects;

import java.util.Locale;
import org.apache.kafka.common.TopicPartition;

/**
 * Object keys in Kafka Connect's S3 sink layout: {@code <prefix>/<topic>/partition=<p>/<topic>+<p>+<start><ext>}, the
 * start offset zero-padded to 20 digits so keys sort in offset order. The key depends only on the records it holds,
 * so a replayed object overwrites itself.
 */
public final class ObjectNames {
    private ObjectNames() {}

    public static String key(String prefix, TopicPartition partition, long startOffset, String extension) {
        if (startOffset < 0) {
            throw new IllegalArgumentException("startOffset must not be negative: " + startOffset);
        }
        String topic = partition.topic();
        int p = partition.partition();
        return folder(prefix, partition) + String.format(Locale.ROOT, "%s+%d+%020d", topic, p, startOffset) + extension;
    }

    /** The folder holding one partition's objects, ending in {@code /}. */
    public static String folder(String prefix, TopicPartition partition) {
        return normalize(prefix) + partition.topic() + "/partition=" + partition.partition() + "/";
    }

    /** The prefix without leading or doubled slashes, ending in {@code /} unless empty. */
    static String normalize(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.replaceAll("/{2,}", "/");
        p = p.startsWith("/") ? p.substring(1) : p;
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }
}
