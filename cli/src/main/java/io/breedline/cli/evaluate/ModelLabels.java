package io.breedline.cli.evaluate;

import io.breedline.service.UserError;
import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.inference.Labels;
import io.breedline.worker.prepare.ModelPreparer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The model's labels before anything runs, so the breed folders are matched (and a folder with no matching name is an
 * error) before the pipeline spends minutes on photos. The model is prepared as the worker prepares it (an archive or
 * S3 model lands in the same cache, so the worker reuses it).
 */
final class ModelLabels {
    private ModelLabels() {}

    static List<String> of(String model, Optional<Path> labelsFile, Settings environment) {
        try {
            Path file = labelsFile.orElseGet(() -> ModelPreparer.standard(cacheDir(environment),
                    () -> S3Clients.create(S3Settings.from(environment))).prepare(model).dir()
                    .resolve(Labels.FILE_NAME));
            return Labels.load(file);
        } catch (RuntimeException e) {
            throw new UserError("cannot read the labels of model " + model + ": " + e.getMessage(), e);
        }
    }

    static Path cacheDir(Settings environment) {
        return environment.path(WorkerConfig.CACHE_DIR).orElseGet(WorkerConfig::defaultCacheDir);
    }
}
