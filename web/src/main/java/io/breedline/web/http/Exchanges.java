package io.breedline.web.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading a request and writing a response on the JDK's {@link HttpExchange}: JSON in and out, query strings. */
public final class Exchanges {
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static final long DRAIN_MAX = 64L * 1024 * 1024;

    private Exchanges() {}

    public static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    public static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Map.of("status", status, "message", message));
    }

    public static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        // Nothing of this server's is to be sniffed into another type or framed by another site.
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("X-Frame-Options", "DENY");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        // A handler serving a document of its own (an evaluation report) may have set a stricter policy already.
        if (!ex.getResponseHeaders().containsKey("Content-Security-Policy")) {
            ex.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; object-src 'none'; "
                            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        }
        if (!ex.getResponseHeaders().containsKey("Cache-Control")) {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
        }
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** The query string's parameters, decoded; the last of repeated names wins. */
    public static Map<String, String> query(HttpExchange ex) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the query string is not URL-encoded properly: " + e.getMessage());
            }
        }
        return params;
    }

    /** The request body, refused with 413 past {@code limit} bytes (read no further than that). */
    public static byte[] body(HttpExchange ex, long limit) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                long declared = Long.parseLong(length.strip());
                if (declared > limit) {
                    drain(ex, declared);
                    throw new ApiException(413, "the request is " + length.strip() + " bytes; at most " + limit + " are taken");
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Content-Length is not a number: " + length);
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] data = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
            if (data.length > limit) {
                throw new ApiException(413, "the request is larger than " + limit + " bytes");
            }
            return data;
        }
    }

    /**
     * Reads and drops a refused body of up to {@value #DRAIN_MAX} bytes before answering: a client still sending when
     * the connection closes gets a reset, and loses the answer that says why. A larger body is not read at all.
     */
    private static void drain(HttpExchange ex, long declared) throws IOException {
        ex.getResponseHeaders().set("Connection", "close");
        if (declared <= DRAIN_MAX) {
            try (InputStream in = ex.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    public static <T> T readJson(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("the body is not the JSON expected: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
        }
    }
}
