package io.breedline.web.query;

import io.breedline.sink.jdbc.JdbcTarget;
import io.breedline.sink.jdbc.SqlDialect;
import io.breedline.sink.jdbc.SqlSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The results database as the web application uses it: one connection per request thread, opened on first use and
 * reopened after a failure. The request pool is small and fixed, so this bounds the connections without a pool
 * library; SQLite in WAL mode lets these read while the sink writes.
 */
public final class Database implements AutoCloseable {
    private final JdbcTarget target;
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();
    private final List<Connection> opened = new ArrayList<>();

    public Database(JdbcTarget target) throws SQLException {
        this.target = target;
        // The web may start before any sink has written: empty tables (and this app's own) beat "no such table".
        SqlSchema.migrate(target);
    }

    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> T run(Work<T> work) throws SQLException {
        Connection c = connections.get();
        if (c == null) {
            c = target.connect();
            connections.set(c);
            synchronized (opened) {
                opened.add(c);
            }
        }
        try {
            return work.run(c);
        } catch (SQLException e) {
            connections.remove();
            quietlyClose(c);
            throw e;
        }
    }

    public SqlDialect dialect() {
        return target.dialect();
    }

    public JdbcTarget target() {
        return target;
    }

    @Override
    public void close() {
        synchronized (opened) {
            opened.forEach(Database::quietlyClose);
            opened.clear();
        }
    }

    private static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a broken connection: nothing left to release
        }
    }
}
