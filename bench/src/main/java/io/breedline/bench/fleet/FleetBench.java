package io.breedline.bench.fleet;

import io.breedline.embedded.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code ./breedline bench fleet}: does throughput grow with the number of worker processes, when the model (a GPU,
 * say) is the bottleneck and not this machine's cores? One broker in this JVM; for each fleet size a round of
 * {@link FleetRound}; then the report.
 */
public final class FleetBench {
    private final FleetOptions options;
    private final PrintStream out;
    private final PrintStream progress;

    public FleetBench(List<Integer> workers, java.time.Duration batchTime, int batchSize, int partitions,
            java.time.Duration steady, java.time.Duration settle, String commandLine, PrintStream out, PrintStream progress) {
        this.options = new FleetOptions(workers, batchTime, batchSize, partitions, steady, settle, commandLine);
        this.out = out;
        this.progress = progress;
    }

    public int run() throws Exception {
        Path work = Files.createTempDirectory("breedline-fleet");
        Path logs = work.resolve("logs");
        List<Path> images = FleetImages.write(work.resolve("images"));
        progress.println("fleet bench: broker, images and worker logs in " + work);
        List<FleetResult> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            FleetRound round = new FleetRound(options, kafka.bootstrapServers(), admin, images, logs, progress);
            for (int n : options.workers()) {
                results.add(round.run(n));
            }
        }
        FleetReport.print(out, options, results);
        FleetResult base = results.get(0);
        boolean linear = results.stream().allMatch(r -> FleetReport.nearLinear(
                FleetReport.speedUp(r.rate(), base.rate(), base.workers()), r.workers()));
        return linear ? 0 : 1;
    }
}
