package io.breedline.sink.jdbc;

import io.breedline.contracts.Sequencer;

/**
 * {@link Sequencer}'s replacement rule written in SQL, for the prediction upsert. Each clause mirrors the Java rule:
 *
 * <pre>
 * Sequencer.replaces(stored):   !known              || !stored.known       || compareTo(stored) >= 0
 * {@link #REPLACES}:            incoming IS NULL     OR stored IS NULL       OR incoming >= stored
 *
 * Sequencer.heldAfter(stored):  known ? this : stored
 * {@link #HELD_AFTER}:          COALESCE(incoming, stored)
 * </pre>
 *
 * <p>It holds because a row carries {@link Sequencer#text()}: {@link Sequencer#NONE} as {@code NULL}, a known one as
 * {@value Sequencer#WIDTH} upper-case hex digits, whose byte order is their numeric order (PostgreSQL's column is
 * {@code COLLATE "C"} for that, see {@link SqlDialect#sequencerType()}). {@code SequencerSqlIT} runs both forms on a
 * table of cases against real SQLite and PostgreSQL and requires the same answers.
 */
final class SequencerSql {
    private static final String INCOMING = "excluded.sequencer";
    private static final String STORED = "predictions.sequencer";

    /** The upsert's {@code WHERE}: whether the incoming prediction replaces the row. */
    static final String REPLACES = INCOMING + " IS NULL OR " + STORED + " IS NULL OR " + INCOMING + " >= " + STORED;

    /** The sequencer the row holds once replaced. */
    static final String HELD_AFTER = "COALESCE(" + INCOMING + ", " + STORED + ")";

    private SequencerSql() {}

    /** The value to bind for a message's sequencer. */
    static String bind(String sequencer) {
        return Sequencer.parse(sequencer).text();
    }
}
