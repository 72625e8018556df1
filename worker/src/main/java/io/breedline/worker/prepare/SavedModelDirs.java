package io.breedline.worker.prepare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where an unpacked archive keeps its SavedModel: at its root ({@code tar -C model .}) or in its one top-level folder
 * ({@code tar czf model.tar.gz model/}, or a zip made by "compress folder"). Deeper is not searched: an archive holding
 * a SavedModel three folders down is more likely a backup of something else than a model to serve.
 */
final class SavedModelDirs {
    private SavedModelDirs() {}

    static Path find(Path root, String source) {
        if (Files.isRegularFile(root.resolve(PreparedModel.SAVED_MODEL))) {
            return root;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(root)) {
            children = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + " (unpacked from " + source + ")", e);
        }
        List<Path> models = children.stream()
                .filter(Files::isDirectory)
                .filter(d -> Files.isRegularFile(d.resolve(PreparedModel.SAVED_MODEL)))
                .toList();
        if (models.size() == 1) {
            return models.get(0);
        }
        if (models.isEmpty()) {
            List<String> names = children.stream().map(p -> p.getFileName().toString()).limit(10).toList();
            throw new IllegalArgumentException("model archive " + source + " has no " + PreparedModel.SAVED_MODEL
                    + " at its root or in a top-level folder; its root holds " + names
                    + (children.size() > names.size() ? " and " + (children.size() - names.size()) + " more" : ""));
        }
        throw new IllegalArgumentException("model archive " + source + " holds " + models.size() + " SavedModels ("
                + models.stream().map(p -> p.getFileName().toString()).toList() + "); it must hold one");
    }
}
