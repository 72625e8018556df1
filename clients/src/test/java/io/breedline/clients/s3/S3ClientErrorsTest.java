package io.breedline.clients.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class S3ClientErrorsTest {
    @Test
    void missingCredentialsSayWhatToSet() {
        SdkClientException e = SdkClientException.create("Unable to load credentials from any of the providers in the chain ...");
        assertThat(S3ClientErrors.describe(e)).isEqualTo(
                "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE");
    }

    @Test
    void otherFailuresKeepTheSdkMessage() {
        assertThat(S3ClientErrors.describe(SdkClientException.create("Connection refused")))
                .isEqualTo("S3 could not be reached: Connection refused");
    }
}
