package io.breedline.ingest.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Which objects are images: by the extension of their name, ignoring case. */
public record ImageExtensions(Set<String> extensions) {
    public static final Set<String> DEFAULT = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff",
            "heic", "heif", "avif");

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,16}");

    public ImageExtensions {
        if (extensions == null || extensions.isEmpty()) {
            throw new IllegalArgumentException("must list at least one extension");
        }
        for (String e : extensions) {
            if (e == null || !EXTENSION.matcher(e).matches()) {
                throw new IllegalArgumentException("'" + e + "' is not a lower-case file extension (letters and digits)");
            }
        }
        extensions = Set.copyOf(extensions);
    }

    public static ImageExtensions defaults() {
        return new ImageExtensions(DEFAULT);
    }

    /** Parses {@code jpg,PNG, .webp}: comma-separated, case-insensitive, a leading dot allowed. */
    public static ImageExtensions parse(String commaSeparated) {
        Set<String> parsed = Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.startsWith(".") ? s.substring(1) : s)
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        return new ImageExtensions(parsed);
    }

    /** True when the last segment of this path, key or URI ends in one of the extensions. */
    public boolean matches(String uri) {
        int slash = uri.lastIndexOf('/');
        String name = uri.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        // A name that is only an extension (".jpg") has no base name: not an image file someone meant to ingest.
        if (dot <= 0 || dot == name.length() - 1) {
            return false;
        }
        return extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return String.join(",", new TreeSet<>(extensions));
    }
}
