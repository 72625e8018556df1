package io.breedline.web.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Benchmark, not a test: upload-to-answer latency of {@code POST /api/predict} on a running {@code ./breedline web}
 * (the demo model unless it was given another). Each upload is a sample photo with one pixel changed, so every upload is
 * new content (a new image id) that goes the whole way through the pipeline instead of being found already labeled.
 * Prints each time and the median. Run with {@code web/bench.sh UploadLatencyBench http://127.0.0.1:8080 DIR [N]}.
 */
public final class UploadLatencyBench {
    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "");
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of(args[1]))) {
            samples = s.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().toList();
        }
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        HttpClient http = HttpClient.newHttpClient();
        String session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String csrf = session.replaceAll("(?s).*\"csrf\":\"([0-9a-f]+)\".*", "$1");
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < n + 2; i++) {
            Path sample = samples.get(i % samples.size());
            byte[] photo = changed(Files.readAllBytes(sample), i);
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(upload(base, csrf, sample.getFileName().toString(), photo),
                    HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - start) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            String display = r.body().replaceAll("(?s).*\"display\":\"([^\"]*)\".*", "$1");
            System.out.printf("%s%-20s %8.1f ms  %s%n", i < 2 ? "(warm-up) " : "", sample.getFileName(), ms, display);
            if (i >= 2) {
                times.add(ms);
            }
        }
        Collections.sort(times);
        System.out.printf("uploads %d  median %.1f ms  min %.1f ms  max %.1f ms%n", times.size(), times.get(times.size() / 2),
                times.get(0), times.get(times.size() - 1));
    }

    /** The photo re-encoded with one pixel set from {@code i}: new bytes, the same picture to the eye. */
    private static byte[] changed(byte[] jpeg, int i) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        img.setRGB(0, 0, i * 2654435761L > 0 ? (int) (i * 2654435761L) : i);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    private static HttpRequest upload(String base, String csrf, String name, byte[] photo) throws Exception {
        String boundary = "bench-boundary-7c1";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + name
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(photo);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(base + "/api/predict"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-Breedline-Csrf", csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}
