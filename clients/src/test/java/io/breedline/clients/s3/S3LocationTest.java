package io.breedline.clients.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void parsesBucketAndKey() {
        assertThat(S3Location.parse("s3://photos/dogs/a b.jpg")).isEqualTo(new S3Location("photos", "dogs/a b.jpg"));
        assertThat(S3Location.parse("s3://photos")).isEqualTo(new S3Location("photos", ""));
        assertThat(S3Location.parse("s3://photos/")).isEqualTo(new S3Location("photos", ""));
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> S3Location.parse("/tmp/x")).hasMessageContaining("not an s3:// URI");
        assertThatThrownBy(() -> S3Location.parse("s3://Bad_Bucket/x")).hasMessageContaining("not a valid S3 bucket name");
    }

    @Test
    void credentialsNeverPrint() {
        S3Settings s = S3Settings.forEndpoint(java.net.URI.create("http://localhost:9000"), "AKIA", "supersecret");
        assertThat(s.toString()).doesNotContain("supersecret").doesNotContain("AKIA");
    }
}
