package io.breedline.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A running PostgreSQL server for integration tests. */
public interface SqlServer {

    /** JDBC URL of the server's default database. */
    String jdbcUrl();

    String user();

    String password();

    /** Creates an empty database and returns its JDBC URL (same user and password). */
    String createDatabase(String name);

    /** A fresh database with a random name, so a test sees no tables but its own. */
    default String createDatabase() {
        return createDatabase(Names.unique("db"));
    }

    default Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }
}
