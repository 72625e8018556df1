package io.breedline.sink.jdbc.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * {@code predictions.sequencer}: the S3 event sequencer of the content a row holds (see {@code Sequencer}). Rows from
 * before it have none, which any result replaces. In Java because a database made before migrations were recorded may
 * have the column already, and SQLite has no {@code ADD COLUMN IF NOT EXISTS}.
 */
public final class V2__Prediction_sequencer extends BaseJavaMigration {
    private final String columnType;

    /** @param columnType the dialect's sequencer type (byte-wise collation on PostgreSQL) */
    public V2__Prediction_sequencer(String columnType) {
        this.columnType = columnType;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!hasColumn(c, "predictions", "sequencer")) {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE predictions ADD COLUMN sequencer " + columnType);
            }
        }
    }

    // The checksum Flyway records: a change to what this migration does must change it.
    @Override
    public Integer getChecksum() {
        return 2;
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnName(i).equalsIgnoreCase(column)) {
                    return true;
                }
            }
            return false;
        }
    }
}
