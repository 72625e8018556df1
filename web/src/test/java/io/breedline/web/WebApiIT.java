package io.breedline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.breedline.testkit.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API against the real pipeline (Kafka, a worker, the sink) and a real SQLite results database. */
class WebApiIT {
    @TempDir
    static Path dir;
    static WebHarness web;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        web = new WebHarness(dir, Map.of(WebConfig.MAX_UPLOAD_BYTES, "200000", WebConfig.MAX_UPLOAD_PIXELS, "1000000"));
        http = new Http(web.url(""));
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void anUploadIsAnsweredByThePipelineWithTheModelsBreed() throws Exception {
        Http.Response r = http.upload("red dog.jpg", TestImages.jpeg(300, 200, new Color(200, 255, 10)));

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode answer = r.json();
        String breed = web.model.breedFor(200);
        assertThat(answer.get("imageId").asText()).matches("[0-9a-f]{32}");
        assertThat(answer.get("breeds").get(0).get("breed").asText()).isEqualTo(breed);
        assertThat(answer.get("breeds")).hasSize(5);
        assertThat(answer.get("breeds").get(0).get("probability").asDouble())
                .isGreaterThan(answer.get("breeds").get(1).get("probability").asDouble());
        // Sure (> 50%): the top breed alone.
        assertThat(answer.get("display").asText()).startsWith(breed + " (").doesNotContain(" or ");
        // The sink wrote it, in the web's own job, and the grid shows it.
        JsonNode page = http.get("/api/images?job=" + web.app.uploadJob()).json();
        assertThat(page.get("images").findValuesAsText("imageId")).contains(answer.get("imageId").asText());
        assertThat(page.get("images").findValuesAsText("name")).contains("red dog.jpg");
    }

    @Test
    void anUnsureAnswerNamesTwoBreeds() throws Exception {
        JsonNode answer = http.upload("murky.png", TestImages.png(120, 90, new Color(60, 0, 0))).json();

        // 30% sure: not over half, so the runner-up (28%) shows too.
        assertThat(answer.get("breeds").get(0).get("breed").asText()).isEqualTo(web.model.breedFor(60));
        assertThat(answer.get("display").asText()).isEqualTo(web.model.breedFor(60) + " (30.0%) or "
                + answer.get("breeds").get(1).get("breed").asText() + " (28.0%)");
    }

    @Test
    void badUploadsGetA4xxNamingTheReasonAndNothingElseIsAffected() throws Exception {
        assertRefused(http.upload("notes.jpg", "just some text, named like a photo".getBytes()), 415, "not an image");
        assertRefused(http.upload("empty.jpg", new byte[0]), 400, "empty");
        assertRefused(http.upload("huge.png", TestImages.png(600, 600, Color.GRAY, 7, 120)), 413, "too large");
        byte[] manyPixels = TestImages.png(1200, 1000, Color.GRAY); // small file, 1.2 MP over a 1 MP limit
        assertThat(manyPixels.length).isLessThan(200_000);
        assertRefused(http.upload("wide.png", manyPixels), 413, "pixels");
        assertRefused(http.upload("cut.jpg", TestImages.truncatedJpeg(200, 200, Color.RED, 300)), 422, "");
        Http.Response notMultipart = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(web.url("/api/predict")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")),
                Map.of("Content-Type", "application/json", "X-Breedline-Csrf", http.csrf()));
        assertRefused(notMultipart, 415, "multipart/form-data");

        Http.Response good = http.upload("fine.jpg", TestImages.jpeg(64, 64, new Color(30, 250, 30)));
        assertThat(good.status()).as(good.text()).isEqualTo(200);
        assertThat(good.json().get("breeds").get(0).get("breed").asText()).isEqualTo(web.model.breedFor(30));
    }

    @Test
    void onePhotoItsThumbnailAndTheModelsInput() throws Exception {
        Path photo = TestImages.writeJpeg(web.photos, "tall.jpg", 400, 1200, new Color(120, 200, 40));
        String id = io.breedline.contracts.ImageIds.forUri(photo.toString());
        try (Connection c = Rows.connect(web.jdbcUrl, null, null)) {
            Rows.prediction(c, id, photo.toString(), "job-photo", "Pug", 0.7, "Boxer", 0.1, false);
        }

        JsonNode detail = http.get("/api/images/" + id).json();
        assertThat(detail.get("name").asText()).isEqualTo("tall.jpg");
        assertThat(detail.get("results").get(0).get("breeds").get(0).get("breed").asText()).isEqualTo("Pug");
        assertThat(detail.get("results").get(0).get("stageMs").get("inference").asLong()).isEqualTo(4);

        Http.Response thumb = http.get("/api/images/" + id + "/thumbnail");
        assertThat(thumb.contentType()).isEqualTo("image/jpeg");
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertThat(Math.max(t.getWidth(), t.getHeight())).isEqualTo(320);
        assertThat(t.getHeight()).isGreaterThan(t.getWidth());
        assertThat(Files.list(dir.resolve("thumbnails")).map(p -> p.getFileName().toString())).contains(id + ".jpg");

        Http.Response input = http.get("/api/images/" + id + "/model-input");
        assertThat(input.contentType()).isEqualTo("image/png");
        BufferedImage m = ImageIO.read(new ByteArrayInputStream(input.body()));
        assertThat(m.getWidth()).isEqualTo(256);
        assertThat(m.getHeight()).isEqualTo(256);
        Color centre = new Color(m.getRGB(128, 128));
        assertThat(centre.getGreen()).isBetween(190, 210);
    }

    @Test
    void aReviewGoesToItsOwnTableAndNeverChangesTheModelsRow() throws Exception {
        String id = "0123456789abcdef0123456789abcdef";
        try (Connection c = Rows.connect(web.jdbcUrl, null, null)) {
            Rows.prediction(c, id, web.photos.resolve("x.jpg").toString(), "job-review", "Pug", 0.2, "Boxer", 0.1, false);
        }
        String breed = web.model.labels().get(7);

        Http.Response r = http.postJson("/api/images/" + id + "/review",
                Map.of("verdict", "corrected", "breed", breed, "reviewer", "ana"));

        assertThat(r.status()).as(r.text()).isEqualTo(201);
        try (Connection c = Rows.connect(web.jdbcUrl, null, null); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT top_breed FROM predictions WHERE image_id = '" + id + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Pug");
            rs = s.executeQuery("SELECT verdict, breed, reviewer FROM reviews WHERE image_id = '" + id + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3)).isEqualTo("corrected/" + breed + "/ana");
        }
        assertThat(http.get("/api/images?job=job-review&outcome=reviewed").json().get("images").findValuesAsText("imageId"))
                .containsExactly(id);
        assertThat(http.get("/api/images?job=job-review&outcome=unreviewed").json().get("images")).isEmpty();
        assertThat(http.get("/api/reviews/export.csv").text()).contains("\"" + id + "\",\"x.jpg\"").contains("\"" + breed + "\"");
        assertThat(http.get("/api/reviews/export-folders.txt").text()).contains(breed + "/01234567-x.jpg\t");

        assertRefused(http.postJson("/api/images/" + id + "/review", Map.of("verdict", "corrected", "breed", "Unicorn")),
                400, "not one of the model's breeds");
        assertRefused(http.postJson("/api/images/" + id + "/review", Map.of("verdict", "maybe")), 400, "verdict");
        assertRefused(http.postJson("/api/images/ffffffffffffffffffffffffffffffff/review", Map.of("verdict", "not-a-dog")),
                404, "no photo");
    }

    @Test
    void errorsAreJsonWithAMessage() throws Exception {
        assertRefused(http.get("/api/images?minConfidence=2"), 400, "minConfidence");
        assertRefused(http.get("/api/images?after=not-a-key"), 400, "page key");
        assertRefused(http.get("/api/images?outcome=lost"), 400, "outcome");
        assertRefused(http.get("/api/images/ffffffffffffffffffffffffffffffff"), 404, "no photo");
        assertRefused(http.get("/api/nothing"), 404, "nothing at");
    }

    static void assertRefused(Http.Response r, int status, String reason) throws Exception {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("message").asText()).containsIgnoringCase(reason);
    }
}
