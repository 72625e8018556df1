package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenCheckTest {
    private static final String SECRET = "s3cr3t-t0ken-of-some-length";
    private final TokenCheck check = new TokenCheck(Optional.of(SECRET));

    @Test
    void withoutATokenEverythingIsAccepted() {
        TokenCheck none = new TokenCheck(Optional.empty());
        assertThat(none.required()).isFalse();
        assertThat(none.accepts(null, null)).isTrue();
    }

    @Test
    void theTokenIsAcceptedAsBearerBasicPasswordOrQueryParameter() {
        assertThat(check.accepts("Bearer " + SECRET, null)).isTrue();
        assertThat(check.accepts("bearer " + SECRET, null)).isTrue();
        assertThat(check.accepts("Basic " + basic("sns", SECRET), null)).isTrue();
        assertThat(check.accepts(null, "a=1&token=" + SECRET)).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(check.required()).isTrue();
        assertThat(check.accepts(null, null)).isFalse();
        assertThat(check.accepts("Bearer " + SECRET + "x", null)).isFalse();
        assertThat(check.accepts("Bearer " + SECRET.substring(1), null)).isFalse();
        assertThat(check.accepts(SECRET, null)).as("no scheme").isFalse();
        assertThat(check.accepts("Basic " + basic(SECRET, "wrong"), null)).as("the token as user name").isFalse();
        assertThat(check.accepts("Basic !!!not-base64", null)).isFalse();
        assertThat(check.accepts(null, "token=wrong&x=" + SECRET)).isFalse();
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
