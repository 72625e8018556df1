package io.breedline.sink.query;

import static org.assertj.core.api.Assertions.assertThat;

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
    void sentenceNamesOneBreedOrTwo() {
        assertThat(DisplayRule.sentence("pug", 0.87, "boxer", 0.05)).isEqualTo("pug (87.0%)");
        assertThat(DisplayRule.sentence("pug", 0.41, "boxer", 0.30)).isEqualTo("pug (41.0%) or boxer (30.0%)");
        assertThat(DisplayRule.sentence("pug", 0.41, null, null)).isEqualTo("pug (41.0%)");
    }

    @Test
    void aPredictionBelowTheNotADogThresholdSaysSoAndKeepsItsBreeds() {
        assertThat(DisplayRule.breeds("pug", 0.41, "boxer", 0.30, true)).isEqualTo("not a dog? (pug / boxer)");
        assertThat(DisplayRule.sentence("pug", 0.12, "boxer", 0.11, true))
                .isEqualTo("not a dog? (pug (12.0%) or boxer (11.0%))");
        assertThat(DisplayRule.breeds("pug", 0.87, "boxer", 0.05, false)).isEqualTo("pug");
        assertThat(DisplayRule.sentence("pug", 0.87, "boxer", 0.05, false)).isEqualTo("pug (87.0%)");
    }
}
