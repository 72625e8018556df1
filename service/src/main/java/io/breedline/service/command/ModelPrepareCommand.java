package io.breedline.service.command;

import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.inference.ModelVersion;
import io.breedline.worker.prepare.ModelPreparer;
import io.breedline.worker.prepare.PreparedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ./breedline model prepare MODEL}: what a worker does at start before it loads the model, done ahead of time. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {
            "Make MODEL a ready SavedModel in the model cache, as a worker does at start: an archive is unpacked,",
            "an s3:// location downloaded, a file in a registered format (a Keras importer) converted, once per",
            "version; a SavedModel directory is used in place. Prints the directory, name and version."
        })
public final class ModelPrepareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = {"A SavedModel directory, a .zip/.tar.gz/.tgz/.tar of one, a file in a",
        "registered format, an s3://bucket/prefix/ holding a SavedModel or an s3://bucket/file in a known format."})
    String model;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The cache root (default: $" + WorkerConfig.CACHE_DIR + ", else ~/.cache/breedline).")
    Path cacheDir;

    @Override
    public Integer call() {
        Settings settings = Settings.fromEnvironment();
        Path cache = cacheDir != null ? cacheDir
                : settings.path(WorkerConfig.CACHE_DIR).orElseGet(WorkerConfig::defaultCacheDir);
        S3Client[] s3 = new S3Client[1];
        try {
            PreparedModel prepared = ModelPreparer.standard(cache, () -> {
                s3[0] = S3Clients.create(S3Settings.from(settings));
                return s3[0];
            }).prepare(model);
            PrintWriter out = spec.commandLine().getOut();
            out.println("directory: " + prepared.dir());
            out.println("name: " + prepared.defaultName());
            out.println("version: " + ModelVersion.of(prepared.dir()));
            out.flush();
            return 0;
        } finally {
            if (s3[0] != null) {
                s3[0].close();
            }
        }
    }
}
