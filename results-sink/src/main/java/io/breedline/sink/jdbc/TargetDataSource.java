package io.breedline.sink.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A {@link JdbcTarget} as the {@link DataSource} Flyway asks for: its connections with the dialect's settings. */
final class TargetDataSource implements DataSource {
    private final JdbcTarget target;

    TargetDataSource(JdbcTarget target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target.connect();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return new JdbcTarget(target.url(), username, password).connect();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
