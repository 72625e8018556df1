package io.breedline.service.command;

import io.breedline.worker.WorkerApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a worker service: configured by BREEDLINE_* environment variables (see docs/configuration.md), stops on SIGTERM.")
public final class WorkerCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        WorkerApp.main(new String[0]);
        return 0;
    }
}
