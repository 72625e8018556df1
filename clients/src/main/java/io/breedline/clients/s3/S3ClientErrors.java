package io.breedline.clients.s3;

import software.amazon.awssdk.core.exception.SdkClientException;

/** Short, actionable wording for client-side S3 failures, whose SDK messages can run to a screenful. */
public final class S3ClientErrors {
    private S3ClientErrors() {}

    public static String describe(SdkClientException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("Unable to load credentials")) {
            // The SDK lists every provider of the default chain and why each failed; the user needs the fix.
            return "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE";
        }
        return "S3 could not be reached: " + m;
    }
}
