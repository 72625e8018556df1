package io.breedline.worker.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The http(s) URL prefixes images may be fetched from ({@code BREEDLINE_HTTP_ALLOW}, a comma-separated list such as
 * {@code https://images.example.com/dogs/}). Empty, the default, means no http(s) source at all: a worker that
 * fetched any URL it was sent could be pointed at internal services (cloud metadata endpoints, admin ports).
 *
 * <p>URLs are compared by parts, not as strings, so {@code https://images.example.com} does not also admit
 * {@code https://images.example.com.evil.net/}: same scheme, same host, same port, and the path under the prefix's
 * path. A URL with user info, a {@code ..} segment or an encoded dot or slash is never allowed: servers decode those
 * differently, and a prefix check could be walked out of.
 */
public record HttpAllowList(List<URI> prefixes) {

    public HttpAllowList {
        prefixes = List.copyOf(Objects.requireNonNull(prefixes, "prefixes"));
    }

    public static HttpAllowList none() {
        return new HttpAllowList(List.of());
    }

    /** Parses the variable's value; blank means {@link #none()}. Each entry must be an absolute http(s) URL. */
    public static HttpAllowList parse(String value) {
        if (value == null || value.isBlank()) {
            return none();
        }
        List<URI> prefixes = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            URI u;
            try {
                u = new URI(p);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + p + "' is not a URL");
            }
            if (!isHttp(u) || u.getHost() == null) {
                throw new IllegalArgumentException("'" + p + "' is not an absolute http:// or https:// URL");
            }
            if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null || unsafePath(u)) {
                throw new IllegalArgumentException("'" + p + "' must be scheme://host[:port]/path, without user, query or '..'");
            }
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            prefixes.add(URI.create(u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority().toLowerCase(Locale.ROOT) + path));
        }
        return new HttpAllowList(prefixes);
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    /** True when {@code url} is under one of the prefixes. */
    public boolean allows(URI url) {
        if (!isHttp(url) || url.getHost() == null || url.getRawUserInfo() != null || unsafePath(url)) {
            return false;
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        for (URI prefix : prefixes) {
            if (prefix.getScheme().equalsIgnoreCase(url.getScheme())
                    && prefix.getHost().equalsIgnoreCase(url.getHost())
                    && port(prefix) == port(url)
                    && underPath(path, prefix.getRawPath())) {
                return true;
            }
        }
        return false;
    }

    static boolean isHttp(URI u) {
        String scheme = u.getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
    }

    private static boolean underPath(String path, String prefixPath) {
        if (prefixPath.endsWith("/")) {
            return path.startsWith(prefixPath);
        }
        // A prefix without a trailing slash names a file or a directory: /dogs allows /dogs and /dogs/..., not /dogsitter.
        return path.equals(prefixPath) || path.startsWith(prefixPath + "/");
    }

    private static boolean unsafePath(URI u) {
        String raw = u.getRawPath();
        if (raw == null) {
            return false;
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || raw.contains("\\")) {
            return true;
        }
        for (String segment : raw.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return true;
            }
        }
        return false;
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    @Override
    public String toString() {
        return prefixes.isEmpty() ? "" : String.join(",", prefixes.stream().map(URI::toString).toList());
    }
}
