package io.breedline.contracts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * S3's {@code sequencer}: a hexadecimal token that orders the events of one key. Two sequencers compare as numbers,
 * that is as strings after left-padding the shorter with zeros. Breedline carries them normalized to a fixed width of
 * {@value #WIDTH} upper-case digits, so plain string order (SQL's {@code >=} included) is their order.
 */
public final class Sequencers {
    /** 128 bits: AWS sends 16 to 18 digits, MinIO 16. */
    public static final int WIDTH = 32;
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{1,256}");

    private Sequencers() {}

    /**
     * The sequencer left-padded to {@value #WIDTH} upper-case digits; null for null, blank, non-hex or wider than
     * 128 bits (such an event is then simply unordered, as a listing is).
     */
    public static String normalize(String sequencer) {
        if (sequencer == null) {
            return null;
        }
        String s = sequencer.strip();
        if (!HEX.matcher(s).matches()) {
            return null;
        }
        int first = 0;
        while (first < s.length() - 1 && s.charAt(first) == '0') {
            first++;
        }
        String digits = s.substring(first).toUpperCase(Locale.ROOT);
        if (digits.length() > WIDTH) {
            return null;
        }
        return "0".repeat(WIDTH - digits.length()) + digits;
    }

    /**
     * Whether a result with sequencer {@code incoming} replaces one with {@code stored}: yes when either is null (an
     * unordered result, from a listing or a local file, was read at its time and replaces as before), else when
     * {@code incoming >= stored}. Both normalized.
     */
    public static boolean replaces(String incoming, String stored) {
        return incoming == null || stored == null || incoming.compareTo(stored) >= 0;
    }
}
