package io.breedline.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageExtensionsTest {
    private final ImageExtensions defaults = ImageExtensions.defaults();

    @Test
    void theDefaultsAreTheCommonImageFormatsInAnyCase() {
        for (String name : new String[] {"a.jpg", "a.JPG", "a.jpeg", "a.Png", "a.gif", "a.bmp", "a.webp", "a.tif", "a.TIFF",
                "a.heic", "a.HEIF", "a.avif"}) {
            assertThat(defaults.matches("/data/" + name)).as(name).isTrue();
        }
        for (String name : new String[] {"a.txt", "a.jpg.txt", "a", "jpg", "a.", "a.mov", "README"}) {
            assertThat(defaults.matches("/data/" + name)).as(name).isFalse();
        }
    }

    @Test
    void onlyTheLastPathSegmentCounts() {
        assertThat(defaults.matches("s3://bucket/photos.jpg/readme")).isFalse();
        assertThat(defaults.matches("s3://bucket/dir.d/rex.JPEG")).isTrue();
        assertThat(defaults.matches("s3://bucket/dir/")).isFalse();
        assertThat(defaults.matches("s3://bucket/.jpg")).isFalse();
    }

    @Test
    void aListIsParsedCaseInsensitivelyWithOptionalDotsAndSpaces() {
        ImageExtensions parsed = ImageExtensions.parse(" JPG, .png ,,heic");

        assertThat(parsed.extensions()).containsExactlyInAnyOrder("jpg", "png", "heic");
        assertThat(parsed.matches("x.HEIC")).isTrue();
        assertThat(parsed.matches("x.gif")).isFalse();
        assertThat(parsed).hasToString("heic,jpg,png");
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> ImageExtensions.parse(" , ")).hasMessage("must list at least one extension");
        assertThatThrownBy(() -> ImageExtensions.parse("jpg,*.png"))
                .hasMessageContaining("'*.png' is not a lower-case file extension");
    }
}
