package io.breedline.service.command;

import io.breedline.contracts.Lane;
import io.breedline.ingest.IngestApp;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ingest [SOURCE]} and {@code ingest trigger}. Picocli tells the subcommand from a source: {@code trigger} is
 * the subcommand, so a folder of that name is given as {@code ./trigger}, by its full path, or after {@code --}
 * ({@code ingest -- trigger}), after which every argument is a source.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, subcommands = IngestCommand.Trigger.class,
        description = "Publish one image reference per image (by extension) of a folder (recursive) or an "
                + "s3://bucket/prefix to the images topic (the bulk lane), then exit.",
        footer = {"",
            "Kafka, topics and S3 come from BREEDLINE_* variables: BREEDLINE_KAFKA_BOOTSTRAP_SERVERS, "
                    + "BREEDLINE_TOPIC_IMAGES, BREEDLINE_TOPIC_PRIORITY, BREEDLINE_S3_ENDPOINT, BREEDLINE_JOB_ID, BREEDLINE_INGEST_EXTENSIONS, "
                    + "BREEDLINE_INGEST_S3_PAGE_SIZE, BREEDLINE_INGEST_PROGRESS_INTERVAL, BREEDLINE_TOPIC_JOBS "
                    + "(compacted topic of job records, default breedline.jobs).",
            "A folder named 'trigger' is ingested as ./trigger or with 'ingest -- trigger'.",
            "Exit status: 0 every reference published, 1 the run failed, 2 the configuration or the source is wrong."})
public final class IngestCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
            description = "A folder or s3://bucket/prefix (default: BREEDLINE_INGEST_SOURCE; with neither, "
                    + "BREEDLINE_INGEST_MODE=trigger runs the trigger).")
    String source;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Option(names = "--lane", paramLabel = "LANE", converter = LaneConverter.class,
            description = "bulk (default: the images topic) or priority (BREEDLINE_TOPIC_PRIORITY, which workers serve "
                    + "first: for a few photos that must not wait behind a backfill).")
    Lane lane;

    @Override
    public Integer call() {
        verbosity.apply();
        return IngestApp.batch(Optional.ofNullable(source), Optional.ofNullable(lane));
    }

    /** {@code priority} or {@code bulk}, any case; anything else is a usage error naming both. */
    static final class LaneConverter implements ITypeConverter<Lane> {
        @Override
        public Lane convert(String value) {
            return Lane.parse(value);
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Run until stopped, publishing a reference per S3 upload notified through "
                    + "BREEDLINE_TRIGGER_KAFKA_TOPIC (MinIO notify_kafka), BREEDLINE_TRIGGER_SQS_QUEUE_URL and/or a "
                    + "webhook on BREEDLINE_TRIGGER_HTTP_PORT (MinIO notify_webhook, SNS), to the priority topic "
                    + "(BREEDLINE_TOPIC_PRIORITY), which workers serve before the images topic.")
    static final class Trigger implements Callable<Integer> {
        @Option(names = "--lane", paramLabel = "LANE", converter = LaneConverter.class,
                description = "priority (default) or bulk: bulk puts the uploads behind any backfill.")
        Lane lane;

        @Override
        public Integer call() {
            return IngestApp.trigger(Optional.ofNullable(lane));
        }
    }
}
