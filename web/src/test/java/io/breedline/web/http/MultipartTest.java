package io.breedline.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartTest {
    static final String TYPE = "multipart/form-data; boundary=XyZ";

    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void findsTheNamedFieldAmongOthers() {
        byte[] b = body("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a \\\"b\\\".jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n\u00ff\u00d8\r\nX--XyZ\u00ff\r\n--XyZ--\r\n");

        Multipart m = Multipart.field(TYPE, b, "photo");

        assertThat(m.fileName()).isEqualTo("a \"b\".jpg");
        // A line end and the boundary's text not at a line start stay part of the content.
        assertThat(m.content()).containsExactly(0xff, 0xd8, '\r', '\n', 'X', '-', '-', 'X', 'y', 'Z', 0xff);
    }

    @Test
    void refusesWhatIsNotAFormWithThePhoto() {
        assertThatThrownBy(() -> Multipart.field("application/json", body("{}"), "photo"))
                .isInstanceOf(ApiException.class).hasMessageContaining("multipart/form-data");
        assertThatThrownBy(() -> Multipart.field("multipart/form-data", body(""), "photo"))
                .hasMessageContaining("no boundary");
        assertThatThrownBy(() -> Multipart.field(TYPE, body("--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--XyZ--"), "photo"))
                .hasMessageContaining("no field named 'photo'");
        assertThatThrownBy(() -> Multipart.field(TYPE, body("--XyZ\r\nContent-Disposition: form-data; name=\"photo\"\r\n\r\nx"), "photo"))
                .hasMessageContaining("cut short");
    }
}
