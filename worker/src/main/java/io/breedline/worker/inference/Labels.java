package io.breedline.worker.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Class labels: a UTF-8 text file, one label per line, in the model's output order. */
public final class Labels {
    public static final String FILE_NAME = "labels.txt";

    private Labels() {}

    /** Reads the labels; blank lines at the end are ignored, blank lines elsewhere would shift every index after them. */
    public static List<String> load(Path file) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("labels file " + file + " does not exist "
                    + "(set BREEDLINE_LABELS, or put " + FILE_NAME + " next to the model)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labels file " + file, e);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("labels file " + file + " is empty");
        }
        List<String> labels = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String label = lines.get(i).strip();
            if (label.isEmpty()) {
                throw new IllegalArgumentException("labels file " + file + " has a blank line " + (i + 1)
                        + "; each line is the label of one output class");
            }
            labels.add(label);
        }
        return List.copyOf(labels);
    }

    /** Fails when the labels do not match the model's output width. */
    public static void requireCount(List<String> labels, int classes, Object source) {
        if (labels.size() != classes) {
            throw new IllegalArgumentException("labels file " + source + " has " + labels.size()
                    + " labels but the model outputs " + classes + " classes");
        }
    }
}
