package io.breedline.web.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.web.http.ApiException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryPartsTest {
    @Test
    void pageKeysRoundTripAndForgedOnesAreRefused() {
        PageKey k = new PageKey(0.125, "00ff", "sha256:ab");
        assertThat(PageKey.decode(k.encode())).isEqualTo(k);
        assertThatThrownBy(() -> PageKey.decode("!!")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> PageKey.decode(java.util.Base64.getUrlEncoder().encodeToString("x\ny".getBytes())))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void filtersAreValidated() {
        ImageFilter f = ImageFilter.parse(Map.of("job", "j", "breed", "Pug", "minConfidence", "0.2", "sort", "confidence-asc",
                "outcome", "dead-letter"));
        assertThat(f.job()).contains("j");
        assertThat(f.ascending()).isTrue();
        assertThat(f.outcome()).isEqualTo(ImageFilter.Outcome.DEAD_LETTER);
        assertThat(f.limit()).isEqualTo(ImageFilter.LIMIT_DEFAULT);
        assertThatThrownBy(() -> ImageFilter.parse(Map.of("minConfidence", "0.8", "maxConfidence", "0.2")))
                .hasMessageContaining("above");
        assertThatThrownBy(() -> ImageFilter.parse(Map.of("limit", "100000"))).hasMessageContaining("limit");
        assertThatThrownBy(() -> ImageFilter.parse(Map.of("sort", "name"))).hasMessageContaining("sort");
        assertThatThrownBy(() -> ImageFilter.parse(Map.of("maxConfidence", "NaN"))).hasMessageContaining("between 0 and 1");
    }

    @Test
    void exportCellsCannotStartAFormulaOrBreakTheRow() {
        assertThat(Reviews.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Reviews.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Reviews.folder("..")).isEqualTo("_");
        assertThat(Reviews.folder("../..")).isEqualTo(".._..");
        assertThat(Reviews.folder("a/b\\c")).isEqualTo("a_b_c");
    }

    @Test
    void aJobsFolderIsTheCommonFolderOfItsFirstAndLastPath() {
        assertThat(LabeledFolders.commonFolder("/data/dogs/a/1.jpg", "/data/dogs/b/9.jpg")).isEqualTo(Path.of("/data/dogs"));
        assertThat(LabeledFolders.commonFolder("/data/dogs/1.jpg", "/data/dogs/9.jpg")).isEqualTo(Path.of("/data/dogs"));
        assertThat(LabeledFolders.commonFolder("/data/dogsA/1.jpg", "/data/dogsB/9.jpg")).isEqualTo(Path.of("/data"));
        assertThat(LabeledFolders.commonFolder("/a/1.jpg", "/b/9.jpg")).isEqualTo(Path.of("/"));
    }
}
