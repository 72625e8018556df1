package io.breedline.contracts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * S3's {@code sequencer}: a hexadecimal token that orders the events of one key, or {@link #NONE} for a result that
 * is not ordered (from a listing, a local file, an event without one). This type holds the one rule for "does this
 * result replace that row" ({@link #replaces}) and what the row holds afterwards ({@link #heldAfter}); the worker, the
 * label index and the sink use it, and the sink's SQL upsert mirrors it clause by clause ({@code SequencerSql}, checked
 * against this class on real SQLite and PostgreSQL).
 *
 * <p>Two sequencers compare as numbers, that is as strings after left-padding the shorter with zeros. Messages and rows
 * carry the {@link #text()} form: {@value #WIDTH} upper-case hex digits, so plain string order (SQL's {@code >=} under
 * a byte-wise collation included) is their order.
 *
 * @param known false for {@link #NONE}
 * @param high the upper 64 bits, unsigned
 * @param low the lower 64 bits, unsigned
 */
public record Sequencer(boolean known, long high, long low) implements Comparable<Sequencer> {
    /** 128 bits: AWS sends 16 to 18 digits, MinIO 16. */
    public static final int WIDTH = 32;
    /** No sequencer: never blocks a result and always gives way to one. */
    public static final Sequencer NONE = new Sequencer(false, 0, 0);
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{1,256}");

    public Sequencer {
        if (!known && (high != 0 || low != 0)) {
            throw new IllegalArgumentException("an unknown sequencer has no digits");
        }
    }

    public static Sequencer of(long high, long low) {
        return new Sequencer(true, high, low);
    }

    /**
     * The sequencer a message or row carries; {@link #NONE} for null, blank, non-hex or wider than 128 bits (such an
     * event is then simply unordered, as a listing is).
     */
    public static Sequencer parse(String sequencer) {
        if (sequencer == null) {
            return NONE;
        }
        String s = sequencer.strip();
        if (!HEX.matcher(s).matches()) {
            return NONE;
        }
        int first = 0;
        while (first < s.length() - 1 && s.charAt(first) == '0') {
            first++;
        }
        String digits = s.substring(first);
        if (digits.length() > WIDTH) {
            return NONE;
        }
        String padded = "0".repeat(WIDTH - digits.length()) + digits;
        int half = WIDTH / 2;
        return of(Long.parseUnsignedLong(padded.substring(0, half), 16), Long.parseUnsignedLong(padded.substring(half), 16));
    }

    /** {@code parse(sequencer).text()}: the form messages and rows carry, null for none. */
    public static String normalize(String sequencer) {
        return parse(sequencer).text();
    }

    /** {@value #WIDTH} upper-case hex digits; null for {@link #NONE} (SQL {@code NULL}, a JSON field left out). */
    public String text() {
        return known ? String.format(Locale.ROOT, "%016X%016X", high, low) : null;
    }

    /**
     * Whether a result with this sequencer replaces a row holding {@code stored}: yes when either is unknown (an
     * unordered result was read at its time and replaces as before; an unordered row blocks nothing), else when this
     * is no older ({@code >=}: the same event delivered again rewrites the same row).
     */
    public boolean replaces(Sequencer stored) {
        return !known || !stored.known || compareTo(stored) >= 0;
    }

    /** Strictly newer, both known. */
    public boolean isNewerThan(Sequencer other) {
        return known && other.known && compareTo(other) > 0;
    }

    /**
     * The sequencer a row holding {@code stored} holds after this result replaced it: this one, or the row's when
     * this is unknown, so a stale event of a versioned object still loses after an unordered rewrite.
     */
    public Sequencer heldAfter(Sequencer stored) {
        return known ? this : stored;
    }

    /** Numeric order; {@link #NONE} sorts first (it takes no part in {@link #replaces}). */
    @Override
    public int compareTo(Sequencer o) {
        if (known != o.known) {
            return known ? 1 : -1;
        }
        int h = Long.compareUnsigned(high, o.high);
        return h != 0 ? h : Long.compareUnsigned(low, o.low);
    }

    @Override
    public String toString() {
        return known ? text() : "none";
    }
}
