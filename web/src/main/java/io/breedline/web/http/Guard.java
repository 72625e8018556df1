package io.breedline.web.http;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the server and how, checked before any handler runs.
 *
 * <ul>
 *   <li>Host: on a loopback address only {@code localhost} and loopback literals are answered, so a web page on another
 *       site cannot reach this server through DNS rebinding.
 *   <li>Token (when {@code BREEDLINE_WEB_TOKEN} is set): {@code Authorization: Bearer TOKEN} for scripts; a browser
 *       opens {@code /?token=TOKEN} once and gets an HttpOnly, SameSite=Strict cookie.
 *   <li>Cross-site requests: a state-changing request (POST) carries {@code X-Breedline-Csrf} with this process's
 *       random value (the page reads it from {@code GET /api/session}; another site cannot, as no CORS is allowed),
 *       and its {@code Origin}, when sent, is this server. A request with a bearer token needs neither: a browser never
 *       adds that header on its own.
 * </ul>
 */
public final class Guard {
    public static final String CSRF_HEADER = "X-Breedline-Csrf";
    public static final String TOKEN_COOKIE = "breedline_token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");

    private final Optional<String> token;
    private final boolean loopbackOnly;
    private final String csrf;

    public Guard(Optional<String> token, boolean loopbackOnly) {
        this.token = token;
        this.loopbackOnly = loopbackOnly;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.csrf = HexFormat.of().formatHex(random);
    }

    public String csrfToken() {
        return csrf;
    }

    /** Refuses the request with an {@link ApiException} unless it passes every check above. */
    public void check(HttpExchange ex) {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        if (loopbackOnly) {
            checkHost(ex.getRequestHeaders().getFirst("Host"));
        }
        boolean bearer = false;
        if (token.isPresent()) {
            bearer = equal(bearer(ex), token.get());
            boolean cookie = equal(cookie(ex, TOKEN_COOKIE), token.get());
            boolean query = equal(Exchanges.query(ex).get("token"), token.get()) && SAFE_METHODS.contains(method);
            if (!bearer && !cookie && !query) {
                throw new ApiException(401, "a token is needed: open /?token=... once, or send Authorization: Bearer ...");
            }
        }
        if (!SAFE_METHODS.contains(method) && !bearer) {
            checkOrigin(ex);
            if (!equal(ex.getRequestHeaders().getFirst(CSRF_HEADER), csrf)) {
                throw new ApiException(403, "a " + method + " needs the " + CSRF_HEADER
                        + " header from GET /api/session (cross-site requests are refused)");
            }
        }
    }

    /** The Set-Cookie value that keeps a browser signed in after {@code /?token=}. */
    public Optional<String> loginCookie(HttpExchange ex) {
        if (token.isEmpty() || !equal(Exchanges.query(ex).get("token"), token.get())) {
            return Optional.empty();
        }
        return Optional.of(TOKEN_COOKIE + "=" + token.get() + "; Path=/; HttpOnly; SameSite=Strict");
    }

    private static void checkHost(String host) {
        if (host == null) {
            throw ApiException.badRequest("the request has no Host header");
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            name = name.substring(0, name.indexOf(']') + 1);
        } else if (name.contains(":")) {
            name = name.substring(0, name.lastIndexOf(':'));
        }
        if (!List.of("localhost", "127.0.0.1", "[::1]").contains(name) && !name.startsWith("127.")) {
            throw new ApiException(403, "this server answers on localhost only, not for host " + host);
        }
    }

    private static void checkOrigin(HttpExchange ex) {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return;
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        try {
            URI o = URI.create(origin);
            String originHost = o.getHost() + (o.getPort() >= 0 ? ":" + o.getPort() : "");
            if (host != null && originHost.equalsIgnoreCase(host.strip())) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw new ApiException(403, "cross-site request refused (Origin " + origin + ")");
    }

    private static String bearer(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        return null;
    }

    private static String cookie(HttpExchange ex, String name) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(name + "=")) {
                    return p.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    /** Constant-time, so the time a refusal takes says nothing about how much of a guess was right. */
    static boolean equal(String given, String expected) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
