package io.breedline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BreedFoldersTest {
    private final BreedFolders folders = new BreedFolders(List.of("Chihuahua", "French bulldog", "German shepherd"));

    @Test
    void stanfordLabelAndLooseNamesMatch() {
        assertThat(folders.match("n02085620-Chihuahua")).isZero();
        assertThat(folders.match("n02108915-French_bulldog")).isEqualTo(1);
        assertThat(folders.match("French bulldog")).isEqualTo(1);
        assertThat(folders.match("GERMAN_SHEPHERD")).isEqualTo(2);
        assertThat(folders.match("german__shepherd ")).isEqualTo(2);
    }

    @Test
    void othersAreReportedNotMatched() {
        BreedFolders.Matches m = folders.matchAll(List.of("chihuahua", "cats", "n02085620-Poodle"));
        assertThat(m.matched()).containsOnlyKeys("chihuahua");
        assertThat(m.unmatched()).containsExactly("cats", "n02085620-Poodle");
    }
}
