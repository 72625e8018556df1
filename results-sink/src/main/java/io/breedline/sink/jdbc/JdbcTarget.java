package io.breedline.sink.jdbc;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.SinkTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * A SQL database reached through JDBC: SQLite ({@code jdbc:sqlite:/path/results.db}) or PostgreSQL
 * ({@code jdbc:postgresql://host:5432/db}).
 *
 * @param url {@value #URL}, default {@value #URL_DEFAULT}
 * @param user {@value #USER}, or null
 * @param password {@value #PASSWORD}, or null; never printed
 */
public record JdbcTarget(String url, String user, String password) implements SinkTarget {
    public static final String URL = "BREEDLINE_SINK_JDBC_URL";
    public static final String USER = "BREEDLINE_SINK_JDBC_USER";
    public static final String PASSWORD = "BREEDLINE_SINK_JDBC_PASSWORD";
    public static final String URL_DEFAULT = "jdbc:sqlite:breedline-results.db";

    // pgjdbc also takes the password as a URL parameter; keep it out of logs and error messages too.
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    public JdbcTarget {
        if (url == null || url.isBlank()) {
            throw new ConfigException(URL, url, "must not be empty");
        }
        if (SqlDialect.forUrl(url).isEmpty()) {
            throw new ConfigException(URL, redact(url), "must start with jdbc:sqlite: or jdbc:postgresql:");
        }
    }

    public static JdbcTarget from(Settings settings) {
        return new JdbcTarget(
                settings.string(URL, URL_DEFAULT),
                settings.optional(USER).orElse(null),
                settings.optional(PASSWORD).orElse(null));
    }

    public static JdbcTarget sqlite(Path file) {
        return new JdbcTarget("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    public SqlDialect dialect() {
        return SqlDialect.forUrl(url).orElseThrow();
    }

    /** A new connection, configured for this database (SQLite: WAL and a busy timeout). */
    public Connection connect() throws SQLException {
        SqlDialect dialect = dialect();
        dialect.prepare(url);
        Connection c = DriverManager.getConnection(url, dialect.connectionProperties(user, password));
        try {
            dialect.configure(c);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public ResultWriter createWriter(Clock clock) {
        return new JdbcResultWriter(this, clock);
    }

    /** The URL fit for logs. */
    public String safeUrl() {
        return redact(url);
    }

    private static String redact(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1****");
    }

    @Override
    public String toString() {
        return "JdbcTarget[url=" + safeUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
