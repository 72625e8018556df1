package io.breedline.web.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Method + path pattern to handler, behind the {@link Guard}. Any failure becomes a JSON error: an {@link ApiException}
 * with its status and message, anything else a 500 whose details go to the log, not to the client.
 */
public final class Router implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    public interface Handler {
        void handle(HttpExchange ex, Matcher path) throws Exception;
    }

    private record Route(String method, Pattern path, Handler handler) {}

    private final Guard guard;
    private final List<Route> routes = new ArrayList<>();

    public Router(Guard guard) {
        this.guard = guard;
    }

    public Router get(String path, Handler handler) {
        routes.add(new Route("GET", Pattern.compile(path), handler));
        return this;
    }

    public Router post(String path, Handler handler) {
        routes.add(new Route("POST", Pattern.compile(path), handler));
        return this;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            guard.check(ex);
            String path = ex.getRequestURI().getPath();
            String method = "HEAD".equals(ex.getRequestMethod()) ? "GET" : ex.getRequestMethod();
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (m.matches()) {
                    pathKnown = true;
                    if (r.method().equals(method)) {
                        r.handler().handle(ex, m);
                        return;
                    }
                }
            }
            throw pathKnown ? new ApiException(405, method + " is not allowed on " + path)
                    : ApiException.notFound("nothing at " + path);
        } catch (ApiException e) {
            Exchanges.error(ex, e.status(), e.getMessage());
        } catch (Exception e) {
            log.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            Exchanges.error(ex, 500, "the server failed on this request (" + e.getClass().getSimpleName() + "); see its log");
        } finally {
            ex.close();
        }
    }
}
