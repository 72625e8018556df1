package io.breedline.evaluation.report;

import io.breedline.evaluation.metrics.Confusion;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the confusion matrix worth drawing: rows are the breeds the folder has; columns are the same breeds
 * plus, when the model named any breed the folder does not have, one column {@value #OTHER} summing those.
 */
public record ConfusionView(List<String> rows, List<String> columns, int[][] counts) {
    public static final String OTHER = "(other breeds)";

    public static ConfusionView of(Confusion confusion) {
        List<Integer> present = confusion.presentBreeds();
        int n = confusion.labels().size();
        int[][] counts = new int[present.size()][present.size() + 1];
        boolean anyOther = false;
        for (int r = 0; r < present.size(); r++) {
            int truth = present.get(r);
            for (int p = 0; p < n; p++) {
                int idx = present.indexOf(p);
                int c = confusion.count(truth, p);
                if (idx >= 0) {
                    counts[r][idx] += c;
                } else {
                    counts[r][present.size()] += c;
                    anyOther |= c > 0;
                }
            }
        }
        List<String> rows = present.stream().map(confusion.labels()::get).toList();
        List<String> columns = new ArrayList<>(rows);
        if (anyOther) {
            columns.add(OTHER);
        } else {
            for (int r = 0; r < counts.length; r++) {
                counts[r] = java.util.Arrays.copyOf(counts[r], present.size());
            }
        }
        return new ConfusionView(rows, List.copyOf(columns), counts);
    }
}
