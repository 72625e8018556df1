package io.breedline.embedded;

import java.nio.file.Path;
import java.util.Properties;

/** The broker configuration of a single-node KRaft cluster (broker and controller in one process) on loopback. */
final class BrokerProperties {
    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String HOST = "127.0.0.1";

    private BrokerProperties() {}

    static Path logDir(EmbeddedKafkaConfig config) {
        return config.dataDir().resolve("kafka-logs");
    }

    static Properties build(EmbeddedKafkaConfig config, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir(config).toString());
        p.put("metadata.log.dir", logDir(config).toString());

        p.put("num.partitions", String.valueOf(config.defaultPartitions()));
        p.put("auto.create.topics.enable", "true");
        // One node: every internal topic can only have one replica.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each (the default) make the first consumer group and first transaction slow to start.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        // Consumers join at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner allocates this buffer up front (128 MiB by default), too much for small heaps; Kafka insists on
        // more than 1 MiB per cleaner thread.
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        // Few threads: this broker shares a small machine with the services under test.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");

        p.putAll(config.overrides());
        return p;
    }
}
