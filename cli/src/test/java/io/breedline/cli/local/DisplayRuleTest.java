package io.breedline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DisplayRuleTest {
    @Test
    void confidentTopBreedStandsAlone() {
        assertThat(DisplayRule.breeds("pug", 0.87, "boxer", 0.05)).isEqualTo("pug");
        assertThat(DisplayRule.confidence(0.87, 0.05)).isEqualTo("87.0%");
    }

    @Test
    void unsureTopBreedShowsTheRunnerUp() {
        assertThat(DisplayRule.breeds("pug", 0.41, "boxer", 0.30)).isEqualTo("pug / boxer");
        assertThat(DisplayRule.confidence(0.41, 0.30)).isEqualTo("41.0% / 30.0%");
    }

    @Test
    void exactlyHalfIsNotOverHalf() {
        assertThat(DisplayRule.breeds("pug", 0.5, "boxer", 0.5)).isEqualTo("pug / boxer");
    }

    @Test
    void tableAlignsColumns() {
        ResultTable t = new ResultTable("IMAGE", "BREED");
        t.add("a.jpg", "pug");
        t.add("longer-name.jpg", "boxer");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        t.print(new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(buf.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("IMAGE            BREED", "---------------  -----", "a.jpg            pug", "longer-name.jpg  boxer");
    }

    @Test
    void localPathsShownRelativeToTheSource() {
        assertThat(ResultPrinter.relative("/photos/dogs/a.jpg", "/photos")).isEqualTo("dogs/a.jpg");
        assertThat(ResultPrinter.relative("s3://b/k.jpg", "s3://b/")).isEqualTo("s3://b/k.jpg");
    }
}
