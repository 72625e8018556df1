package io.breedline.cli.command;

import io.breedline.ingest.IngestApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Publish one image reference per image of a folder (recursive) or an s3://bucket/prefix to Kafka.")
public final class IngestCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE",
            description = "A folder or s3://bucket/prefix (default: BREEDLINE_INGEST_SOURCE).")
    String source;

    @Override
    public Integer call() throws Exception {
        return IngestApp.execute(source == null ? new String[0] : new String[] {source});
    }
}
