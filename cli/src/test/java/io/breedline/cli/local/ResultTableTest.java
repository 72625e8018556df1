package io.breedline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
