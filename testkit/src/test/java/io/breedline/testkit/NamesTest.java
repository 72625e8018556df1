package io.breedline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void namesAreBucketSafeAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (String prefix : new String[] {"Images", "dead_letters.v1", "", "-x", "a".repeat(100), "grüße"}) {
            String n = Names.unique(prefix);
            assertThat(n).matches("[a-z0-9][a-z0-9-]{2,62}").doesNotEndWith("-");
            assertThat(seen.add(n)).isTrue();
        }
        assertThat(Names.unique("Images")).startsWith("images-");
        assertThat(Names.unique("topic")).isNotEqualTo(Names.unique("topic"));
    }
}
