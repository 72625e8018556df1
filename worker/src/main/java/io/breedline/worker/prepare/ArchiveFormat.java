package io.breedline.worker.prepare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The archives a SavedModel may come in, by file suffix; unpacked (safely, within bounds) by {@link ArchiveUnpacker}. */
record ArchiveFormat(String suffix) implements ModelFormat {
    static final ArchiveFormat ZIP = new ArchiveFormat(".zip");
    static final ArchiveFormat TAR_GZ = new ArchiveFormat(".tar.gz");
    static final ArchiveFormat TGZ = new ArchiveFormat(".tgz");
    static final ArchiveFormat TAR = new ArchiveFormat(".tar");
    static final List<ArchiveFormat> ALL = List.of(ZIP, TAR_GZ, TGZ, TAR);

    static Optional<ArchiveFormat> of(String fileName) {
        return ALL.stream().filter(f -> f.accepts(fileName)).findFirst();
    }

    boolean isZip() {
        return this.equals(ZIP);
    }

    boolean isGzipped() {
        return this.equals(TAR_GZ) || this.equals(TGZ);
    }

    @Override
    public String name() {
        return suffix.substring(1);
    }

    @Override
    public boolean accepts(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(suffix) && lower.length() > suffix.length();
    }

    /** The file name without the archive suffix: {@code efficientnet.tar.gz} is {@code efficientnet}. */
    @Override
    public String modelName(String fileName) {
        return fileName.substring(0, fileName.length() - suffix.length());
    }

    @Override
    public void prepare(Path file, String origin, Path target) throws IOException {
        ArchiveUnpacker.unpack(file, this, origin, target, ArchiveUnpacker.Limits.DEFAULT);
    }
}
