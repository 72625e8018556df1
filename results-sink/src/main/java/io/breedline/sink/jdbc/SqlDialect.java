package io.breedline.sink.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The little that differs between the two databases: the timestamp type and the connection set-up. Everything else
 * (DDL, {@code INSERT ... ON CONFLICT ... DO UPDATE}) is the same SQL on both.
 */
public enum SqlDialect {
    SQLITE("jdbc:sqlite:", "TEXT"),
    POSTGRESQL("jdbc:postgresql:", "TIMESTAMPTZ");

    // Fixed width, UTC, milliseconds: sorts as text and SQLite's date functions read it.
    private static final DateTimeFormatter SQLITE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;
    // pgjdbc waits forever on a dead socket by default; a hung write must fail well inside max.poll.interval.ms.
    static final int POSTGRES_CONNECT_TIMEOUT_S = 10;
    static final int POSTGRES_SOCKET_TIMEOUT_S = 60;

    private final String urlPrefix;
    private final String timestampType;

    SqlDialect(String urlPrefix, String timestampType) {
        this.urlPrefix = urlPrefix;
        this.timestampType = timestampType;
    }

    public static Optional<SqlDialect> forUrl(String jdbcUrl) {
        for (SqlDialect d : values()) {
            if (jdbcUrl != null && jdbcUrl.startsWith(d.urlPrefix)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public String timestampType() {
        return timestampType;
    }

    /** Sequencers are fixed-width upper-case hex, compared as bytes: PostgreSQL's default collation might not. */
    public String sequencerType() {
        return this == POSTGRESQL ? "TEXT COLLATE \"C\"" : "TEXT";
    }

    public void bindInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, this == SQLITE ? Types.VARCHAR : Types.TIMESTAMP_WITH_TIMEZONE);
        } else if (this == SQLITE) {
            ps.setString(index, SQLITE_TIME.format(instant));
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    /** Driver properties set before connecting; a value given in the URL wins. */
    Properties connectionProperties(String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        if (this == POSTGRESQL) {
            p.setProperty("connectTimeout", String.valueOf(POSTGRES_CONNECT_TIMEOUT_S));
            p.setProperty("socketTimeout", String.valueOf(POSTGRES_SOCKET_TIMEOUT_S));
            p.setProperty("ApplicationName", "breedline-sink");
        }
        return p;
    }

    /** Runs once per new connection. */
    void configure(Connection connection) throws SQLException {
        if (this == SQLITE) {
            try (Statement s = connection.createStatement()) {
                // WAL lets the CLI read results while the sink writes; busy_timeout makes a locked database wait
                // instead of failing at once.
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=" + SQLITE_BUSY_TIMEOUT_MS);
            }
        }
    }

    /** SQLite creates the database file but not its folder. */
    void prepare(String jdbcUrl) throws SQLException {
        if (this != SQLITE) {
            return;
        }
        String rest = jdbcUrl.substring(urlPrefix.length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:")) {
            return; // in-memory or URI form: nothing to create
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new SQLException("cannot create the folder " + parent + " for the SQLite database", e);
            }
        }
    }
}
