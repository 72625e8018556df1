package io.breedline.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Formats a KRaft log directory once, as {@code kafka-storage.sh format} does, so a data directory that survives a
 * restart keeps its cluster id and its data.
 */
final class KafkaStorage {
    private KafkaStorage() {}

    static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve("meta.properties"));
    }

    static void formatIfNeeded(Path logDir, int nodeId, String controllerListenerName) {
        if (isFormatted(logDir)) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            // A static quorum (controller.quorum.voters) needs neither --standalone nor initial controllers; the
            // metadata log shares the one data directory.
            new Formatter()
                    .setPrintStream(NullPrintStream.INSTANCE)
                    .setNodeId(nodeId)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(controllerListenerName)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }
}
