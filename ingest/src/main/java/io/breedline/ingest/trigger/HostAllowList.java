package io.breedline.ingest.trigger;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Hosts the trigger may call back: patterns such as {@code sns.*.amazonaws.com}, where {@code *} stands for exactly
 * one DNS label. The SNS SubscribeURL arrives in an unauthenticated request body; following any URL would let anyone
 * make this service send requests into the private network.
 */
public record HostAllowList(List<String> patterns) {
    private static final Pattern PATTERN = Pattern.compile("(\\*|[a-z0-9-]+)(\\.(\\*|[a-z0-9-]+))*");

    public HostAllowList {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("lists no host pattern");
        }
        for (String p : patterns) {
            if (!PATTERN.matcher(p).matches()) {
                throw new IllegalArgumentException("'" + p + "' is not a host pattern (example: sns.*.amazonaws.com)");
            }
        }
    }

    public static HostAllowList parse(String commaSeparated) {
        return new HostAllowList(Arrays.stream(commaSeparated.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }

    /** True for an {@code https} URL without user info whose host matches a pattern. */
    public boolean allows(URI uri) {
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null
                || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return patterns.stream().anyMatch(p -> matches(p, host));
    }

    private static boolean matches(String pattern, String host) {
        String regex = Arrays.stream(pattern.split("\\."))
                .map(label -> label.equals("*") ? "[a-z0-9-]+" : Pattern.quote(label))
                .collect(Collectors.joining("\\."));
        return host.matches(regex);
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
