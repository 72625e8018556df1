package io.breedline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import io.breedline.sink.query.ResultRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
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

    @Test
    void aPhotoMarkedNotADogSaysSoBeforeItsBreeds() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new ResultPrinter(new PrintStream(buf, true, StandardCharsets.UTF_8)).print(List.of(
                new ResultRow("1", "/p/plane.jpg", "v1", "pug", 0.14, "boxer", 0.13, null, null, true),
                new ResultRow("2", "/p/pug.jpg", "v1", "pug", 0.9, "boxer", 0.05, null, null, false)), "/p");
        assertThat(buf.toString(StandardCharsets.UTF_8).lines()).contains(
                "plane.jpg  not a dog? (pug / boxer)  14.0% / 13.0%",
                "pug.jpg    pug                       90.0%");
    }
}
