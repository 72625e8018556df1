package io.breedline.web.api;

import com.sun.net.httpserver.HttpExchange;
import io.breedline.web.http.ApiException;
import io.breedline.web.http.Exchanges;
import io.breedline.web.http.Guard;
import io.breedline.web.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The page and its assets, all from the classpath (nothing from a CDN), and {@code /api/session}: the values the page
 * needs (the CSRF value, the model's breeds, limits).
 */
public final class PageApi {
    private static final String ROOT = "/io/breedline/web/static/";
    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "reports.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Guard guard;
    private final List<String> breeds;
    private final String uploadJob;
    private final long maxUploadBytes;

    public PageApi(Guard guard, List<String> breeds, String uploadJob, long maxUploadBytes) {
        this.guard = guard;
        this.breeds = List.copyOf(breeds);
        this.uploadJob = uploadJob;
        this.maxUploadBytes = maxUploadBytes;
    }

    public void register(Router router) {
        router.get("/", this::index)
                .get("/reports", (ex, m) -> Exchanges.send(ex, 200, "text/html; charset=utf-8", resource("reports.html")))
                .get("/static/([a-z]+\\.[a-z]+)", this::asset)
                .get("/api/session", (ex, m) -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("csrf", guard.csrfToken());
                    s.put("csrfHeader", Guard.CSRF_HEADER);
                    s.put("breeds", breeds);
                    s.put("uploadJob", uploadJob);
                    s.put("maxUploadBytes", maxUploadBytes);
                    Exchanges.json(ex, 200, s);
                });
    }

    private void index(HttpExchange ex, Matcher m) throws IOException {
        var cookie = guard.loginCookie(ex);
        if (cookie.isPresent()) {
            // Signed in by ?token=: set the cookie and drop the token from the address bar and the history.
            ex.getResponseHeaders().add("Set-Cookie", cookie.get());
            ex.getResponseHeaders().set("Location", "/");
            Exchanges.send(ex, 303, "text/plain; charset=utf-8", new byte[0]);
            return;
        }
        Exchanges.send(ex, 200, "text/html; charset=utf-8", resource("index.html"));
    }

    private void asset(HttpExchange ex, Matcher m) throws IOException {
        String type = ASSETS.get(m.group(1));
        if (type == null) {
            throw ApiException.notFound("no asset " + m.group(1));
        }
        Exchanges.send(ex, 200, type, resource(m.group(1)));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PageApi.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw ApiException.notFound("no asset " + name);
            }
            return in.readAllBytes();
        }
    }
}
