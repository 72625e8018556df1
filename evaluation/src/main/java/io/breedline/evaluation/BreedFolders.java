package io.breedline.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Matches the subfolders of a labeled folder to the model's labels. A folder may be named as Stanford Dogs names them
 * ({@code n02085620-Chihuahua}), as the label ({@code Chihuahua}), or in any case with {@code _} for spaces
 * ({@code french_bulldog}).
 */
public final class BreedFolders {
    private static final Pattern WORDNET_ID = Pattern.compile("^n\\d{8}-");

    private final Map<String, Integer> byKey = new HashMap<>();

    public BreedFolders(List<String> labels) {
        for (int i = 0; i < labels.size(); i++) {
            byKey.putIfAbsent(key(labels.get(i)), i);
        }
    }

    /** The label index a folder name stands for, or -1. */
    public int match(String folderName) {
        return byKey.getOrDefault(key(WORDNET_ID.matcher(folderName).replaceFirst("")), -1);
    }

    /** Folder names with their label index, in the order given, and those matching no label. */
    public Matches matchAll(List<String> folderNames) {
        Map<String, Integer> matched = new LinkedHashMap<>();
        List<String> unmatched = new ArrayList<>();
        for (String name : folderNames) {
            int label = match(name);
            if (label >= 0) {
                matched.put(name, label);
            } else {
                unmatched.add(name);
            }
        }
        return new Matches(matched, unmatched);
    }

    private static String key(String name) {
        return name.replace('_', ' ').trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    public record Matches(Map<String, Integer> matched, List<String> unmatched) {}
}
