package io.breedline.cli.command;

import io.breedline.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A real single-node Kafka broker in this JVM, so the services can be run apart without installing Kafka. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Run a single-node Apache Kafka broker (KRaft) in-process until interrupted. For trying the services apart.")
public final class KafkaCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "Listener port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", description = "Data directory (default: a new temporary directory).")
    Path data;

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : Files.createTempDirectory("breedline-kafka");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, port);
        // The JVM runs shutdown hooks on Ctrl-C/SIGTERM; the broker closes there so its logs are flushed cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-shutdown"));
        System.out.println("Kafka broker listening on " + kafka.bootstrapServers() + " (data in " + dir + "). Ctrl-C stops it.");
        Thread.currentThread().join();
        return 0;
    }
}
