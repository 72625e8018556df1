package io.breedline.testkit;

import java.security.SecureRandom;
import java.util.Locale;

/** Random names that are valid Kafka topics, consumer groups, S3 buckets and (quoted) SQL database names. */
public final class Names {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 10;
    // S3 bucket names are at most 63 characters: keep room for "-" and the suffix.
    private static final int PREFIX_MAX = 63 - SUFFIX_LENGTH - 1;

    private Names() {}

    /** {@code prefix} lower-cased, anything but letters, digits and '-' replaced by '-', then '-' and 10 random chars. */
    public static String unique(String prefix) {
        String p = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        p = p.replaceAll("^-+", "");
        if (p.length() > PREFIX_MAX) {
            p = p.substring(0, PREFIX_MAX);
        }
        if (p.isEmpty()) {
            p = "t";
        }
        StringBuilder b = new StringBuilder(p.length() + 1 + SUFFIX_LENGTH).append(p);
        if (!p.endsWith("-")) {
            b.append('-');
        }
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
