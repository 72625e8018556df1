package io.breedline.worker.prepare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The model formats preparation knows, in the order they are asked. Formats from other modules (a Keras importer)
 * register with the JDK's ServiceLoader, in {@code META-INF/services/io.breedline.worker.prepare.ModelFormat}: the
 * worker module cannot depend on them, and every command that prepares a model (the worker, {@code label},
 * {@code bench}, {@code model prepare}) then reads them without wiring of its own.
 */
public final class ModelFormats {
    private final List<ModelFormat> formats;

    public ModelFormats(List<? extends ModelFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /** The archives: zip, tar, tar.gz and tgz. */
    public static ModelFormats builtIn() {
        return new ModelFormats(ArchiveFormat.ALL);
    }

    /** The built-in formats, then those registered through ServiceLoader. */
    public static ModelFormats installed() {
        List<ModelFormat> all = new ArrayList<>(ArchiveFormat.ALL);
        ServiceLoader.load(ModelFormat.class).forEach(all::add);
        return new ModelFormats(all);
    }

    /** The first format that accepts a file of this name. */
    public Optional<ModelFormat> forFile(String fileName) {
        return formats.stream().filter(f -> f.accepts(fileName)).findFirst();
    }

    /** For messages: the formats by name. */
    public List<String> names() {
        return formats.stream().map(ModelFormat::name).toList();
    }
}
