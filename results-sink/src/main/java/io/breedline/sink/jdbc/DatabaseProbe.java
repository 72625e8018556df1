package io.breedline.sink.jdbc;

import io.breedline.sink.writer.TargetProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** Pings the results database on a connection of its own, reconnecting when the ping fails. */
public final class DatabaseProbe implements TargetProbe {
    static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final JdbcTarget target;
    private Connection connection;

    public DatabaseProbe(JdbcTarget target) {
        this.target = target;
    }

    @Override
    public synchronized Optional<String> problem() {
        try {
            if (connection == null) {
                connection = target.connect();
            }
            if (connection.isValid((int) PING_TIMEOUT.toSeconds())) {
                return Optional.empty();
            }
            closeConnection();
            return Optional.of("database " + target.safeUrl() + " did not answer within " + PING_TIMEOUT.toSeconds() + " s");
        } catch (SQLException e) {
            closeConnection();
            return Optional.of("cannot reach database " + target.safeUrl() + ": " + e.getMessage());
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // It is being replaced because it failed.
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
