package io.breedline.service.command;

import io.breedline.sink.SinkApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Run the results-sink service: configured by BREEDLINE_* environment variables (see docs/configuration.md), stops on SIGTERM.")
public final class SinkCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        SinkApp.main(new String[0]);
        return 0;
    }
}
