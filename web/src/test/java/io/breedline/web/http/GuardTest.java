package io.breedline.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardTest {
    @Test
    void tokensCompareExactly() {
        assertThat(Guard.equal("abc", "abc")).isTrue();
        assertThat(Guard.equal("abd", "abc")).isFalse();
        assertThat(Guard.equal("abcd", "abc")).isFalse();
        assertThat(Guard.equal(null, "abc")).isFalse();
    }

    @Test
    void eachProcessHasItsOwnCsrfValue() {
        Guard a = new Guard(java.util.Optional.empty(), true);
        Guard b = new Guard(java.util.Optional.empty(), true);
        assertThat(a.csrfToken()).hasSize(48).isNotEqualTo(b.csrfToken());
    }
}
