package io.breedline.service.command;

import io.breedline.clients.config.Settings;
import io.breedline.contracts.JobTopic;
import io.breedline.service.status.JobTopicReader;
import io.breedline.service.status.LiveJobBoard;
import io.breedline.web.WebConfig;
import io.breedline.web.WebService;
import io.breedline.web.jobs.DatabaseJobs;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code web} in the service image: the web application as one more service of a deployment (its Kafka, its results
 * database, uploads to S3, ops endpoints), configured by {@code BREEDLINE_*} like the others. On a development
 * checkout, {@code ./breedline web} without Kafka settings runs on embedded defaults instead (module {@code cli}).
 */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = {"Serve the web application as a service of a deployment: its Kafka, its results database,",
            "uploads to BREEDLINE_WEB_UPLOAD_S3, ops endpoints on BREEDLINE_OPS_PORT (default 9403); see docs/web.md."})
public final class WebCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT",
            description = "Port (default: BREEDLINE_WEB_PORT, else " + WebConfig.PORT_DEFAULT + "; 0: any free port).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        return joinDeployment(Settings.fromEnvironment(), Optional.ofNullable(port));
    }

    /** Runs until the process is stopped; the jobs list reads the deployment's jobs topic, then its database. */
    public static int joinDeployment(Settings environment, Optional<Integer> port) throws Exception {
        Settings settings = port.map(p -> environment.with(Map.of(WebConfig.PORT, p.toString()))).orElse(environment);
        WebConfig config = WebConfig.from(settings);
        JobTopicReader topic = new JobTopicReader(config.kafka(), JobTopic.fromEnv(settings.asMap()), JobTopicReader.TIMEOUT_DEFAULT);
        try (LiveJobBoard jobs = new LiveJobBoard(topic, new DatabaseJobs(config.database()), Clock.systemUTC())) {
            WebService.run(settings, Optional.of(jobs));
        }
        return 0;
    }
}
