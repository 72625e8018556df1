package io.breedline.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.ImageIds;
import io.breedline.testkit.TestImages;
import java.awt.Color;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The page in headless Chromium, on the real pipeline: upload, the grid filtered by breed, keyboard review. */
class WebBrowserIT {
    static final Path SAMPLES = Path.of("../../shared/samples").toAbsolutePath().normalize();
    static final String HOSTILE = "<img src=x onerror=alert(1)>.jpg";
    static final String JOB = "job-browser";

    @TempDir
    static Path dir;
    static WebHarness web;
    static BrowserSession browser;

    @BeforeAll
    static void start() throws Exception {
        browser = BrowserSession.open();
        web = new WebHarness(dir, Map.of("BREEDLINE_FILE_ROOTS", dir.resolve("uploads") + java.io.File.pathSeparator
                + dir.resolve("photos") + java.io.File.pathSeparator + SAMPLES));
        Path hostile = TestImages.writeJpeg(web.photos, HOSTILE, 300, 240, new Color(90, 140, 200));
        List<String> samples = List.of("bulldog.jpg", "french_buldog.jpg", "german_shepard.jpg", "retriever.jpg");
        try (Connection c = Rows.connect(web.jdbcUrl, null, null)) {
            for (int i = 0; i < samples.size(); i++) {
                String uri = SAMPLES.resolve(samples.get(i)).toString();
                Rows.prediction(c, ImageIds.forUri(uri), uri, JOB, i % 2 == 0 ? "Boxer" : "Pug", 0.2 + i * 0.2,
                        i % 2 == 0 ? "Pug" : "Boxer", 0.1, false);
            }
            Rows.prediction(c, ImageIds.forUri(hostile.toString()), hostile.toString(), JOB, "Pug", 0.15, "Kuvasz", 0.12, false);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.close();
        }
    }

    @Test
    void uploadAPhotoAndSeeTheAnswer() throws Exception {
        browser.driver.get(web.url("/#upload"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#breeds li")).size() == 120);
        Path photo = TestImages.writePng(dir, "bright.png", 320, 240, new Color(230, 250, 20));

        browser.driver.findElement(By.id("file")).sendKeys(photo.toString());

        String breed = web.model.breedFor(230);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer"), breed));
        assertThat(browser.driver.findElement(By.id("answer")).getText()).startsWith(breed + " (").doesNotContain(" or ");
        assertThat(browser.driver.findElements(By.cssSelector("#bars .bar"))).hasSize(5);
        assertThat(browser.driver.findElement(By.cssSelector("#bars .bar span")).getText()).isEqualTo(breed);
        browser.screenshot("upload");
    }

    @Test
    void filterTheGridByBreedWithNamesShownAsText() throws Exception {
        browser.driver.get(web.url("/#photos"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#f-job option[value='" + JOB + "']")).size() == 1);
        new Select(browser.driver.findElement(By.id("f-job"))).selectByValue(JOB);
        browser.driver.findElement(By.cssSelector("#filters button")).click();
        browser.wait.until(d -> d.findElements(By.cssSelector("#grid .card")).size() == 5);
        browser.wait.until(d -> d.findElements(By.cssSelector("#grid .card img")).stream()
                .allMatch(img -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                        .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img))));
        browser.screenshot("grid");

        new Select(browser.driver.findElement(By.id("f-breed"))).selectByValue("Pug");
        browser.driver.findElement(By.cssSelector("#filters button")).click();
        browser.wait.until(d -> d.findElements(By.cssSelector("#grid .card")).size() == 3);
        List<String> breeds = browser.driver.findElements(By.cssSelector("#grid .card .breed")).stream()
                .map(WebElement::getText).toList();
        assertThat(breeds).allSatisfy(b -> assertThat(b).startsWith("Pug"));
        // The hostile file name is text: no element was made from it, no script ran.
        assertThat(browser.driver.findElements(By.cssSelector("#grid .card .name")).stream().map(WebElement::getText))
                .contains(HOSTILE);
        assertThat(browser.driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> browser.driver.switchTo().alert())
                .isInstanceOf(org.openqa.selenium.NoAlertPresentException.class);
    }

    @Test
    void onePhotoWithWhatTheModelReceivedAndTheBreedSummary() throws Exception {
        String id = ImageIds.forUri(SAMPLES.resolve("german_shepard.jpg").toString());
        browser.driver.get(web.url("/#photo/" + id));
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("photo-name"), "german_shepard.jpg"));
        browser.wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "const i = document.getElementById('photo-input'); return i.complete && i.naturalWidth === 256")));
        assertThat(browser.driver.findElement(By.id("photo-facts")).getText())
                .contains("Boxer").contains("60.0%").contains("inference 4 ms");
        browser.screenshot("photo");

        browser.driver.get(web.url("/#summary"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#chart-confidence rect")).size() == 10);
        assertThat(browser.driver.findElements(By.cssSelector("#chart-breeds text")).stream().map(WebElement::getText))
                .contains("Pug", "Boxer");
        browser.screenshot("summary");
    }

    @Test
    void reviewTheLeastConfidentPhotosWithTheKeyboard() throws Exception {
        browser.driver.get(web.url("/#review"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#r-job option[value='" + JOB + "']")).size() == 1);
        new Select(browser.driver.findElement(By.id("r-job"))).selectByValue(JOB);
        // Least confident first: the hostile-named photo (15%), then the bulldog (20%).
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-name"), HOSTILE));
        browser.wait.until(d -> d.findElements(By.cssSelector("#review-choices button")).size() == 2);
        browser.screenshot("review");
        browser.driver.findElement(By.tagName("body")).click();

        new Actions(browser.driver).sendKeys("2").perform();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-name"), "bulldog.jpg"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#review-choices button")).size() == 2);
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-name"), "french_buldog.jpg"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#review-choices button")).size() == 2);
        new Actions(browser.driver).sendKeys("n").perform();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-status"), "french_buldog.jpg"));

        try (Connection c = Rows.connect(web.jdbcUrl, null, null);
                ResultSet rs = c.createStatement().executeQuery("SELECT p.uri, r.verdict, r.breed FROM reviews r "
                        + "JOIN predictions p ON p.image_id = r.image_id ORDER BY r.reviewed_at")) {
            StringBuilder rows = new StringBuilder();
            while (rs.next()) {
                rows.append(Path.of(rs.getString(1)).getFileName()).append(' ').append(rs.getString(2)).append(' ')
                        .append(rs.getString(3)).append('\n');
            }
            assertThat(rows.toString()).isEqualTo(HOSTILE + " corrected Kuvasz\nbulldog.jpg confirmed Boxer\n"
                    + "french_buldog.jpg not-a-dog null\n");
        }
    }
}
