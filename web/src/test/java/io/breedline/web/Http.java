package io.breedline.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A test's HTTP client for the web API: JSON and multipart requests, with the page's CSRF header when asked. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private String csrf;

    Http(String base) {
        this.base = base;
    }

    record Response(int status, String contentType, byte[] body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    String csrf() throws Exception {
        if (csrf == null) {
            csrf = get("/api/session").json().get("csrf").asText();
        }
        return csrf;
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Map.of());
    }

    Response get(String path, Map<String, String> headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    Response postJson(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))),
                Map.of("Content-Type", "application/json", "X-Breedline-Csrf", csrf()));
    }

    Response upload(String fileName, byte[] content) throws Exception {
        return upload(fileName, content, Map.of("X-Breedline-Csrf", csrf()));
    }

    Response upload(String fileName, byte[] content, Map<String, String> headers) throws Exception {
        String boundary = "----breedline-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\""
                + fileName.replace("\"", "\\\"") + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        return send(HttpRequest.newBuilder(URI.create(base + "/api/predict"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), all);
    }

    Response send(HttpRequest.Builder request, Map<String, String> headers) throws Exception {
        request.timeout(Duration.ofSeconds(90));
        headers.forEach(request::header);
        HttpResponse<byte[]> r = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }
}
