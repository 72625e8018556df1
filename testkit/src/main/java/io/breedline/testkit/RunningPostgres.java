package io.breedline.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A PostgreSQL server reachable on host:port, however it was started. */
record RunningPostgres(String host, int port, String database, String user, String password) implements SqlServer {

    @Override
    public String jdbcUrl() {
        return urlOf(database);
    }

    @Override
    public String createDatabase(String name) {
        if (!name.matches("[a-z0-9_-]{1,63}")) {
            throw new IllegalArgumentException(
                    "database name '" + name + "' must be 1-63 lower-case letters, digits, '_' or '-'");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(), user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return urlOf(name);
    }

    private String urlOf(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db;
    }

    @Override
    public String toString() {
        return "RunningPostgres[" + jdbcUrl() + ", user " + user + "]";
    }
}
