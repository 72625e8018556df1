package io.breedline.sink;

import io.breedline.contracts.Json;
import io.breedline.contracts.MalformedMessageException;
import io.breedline.sink.objects.ResultFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The rows of a result object of either format, reduced to what the sink tests compare. */
public record ObjectRows(String imageId, String jobId, boolean prediction) {

    public static List<ObjectRows> read(ResultFormat format, byte[] body) {
        return format == ResultFormat.JSONL ? jsonLines(body) : parquet(body);
    }

    private static List<ObjectRows> jsonLines(byte[] body) {
        List<ObjectRows> rows = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            try {
                if (line.contains("\"topK\"")) {
                    var p = Json.readPrediction(bytes);
                    rows.add(new ObjectRows(p.imageId(), p.jobId(), true));
                } else {
                    var d = Json.readDeadLetter(bytes);
                    rows.add(new ObjectRows(d.imageId(), d.jobId(), false));
                }
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("an object holds a line that is not a result: " + line, e);
            }
        }
        return rows;
    }

    /** With DuckDB, a reader independent of the parquet-java writer. */
    private static List<ObjectRows> parquet(byte[] body) {
        List<ObjectRows> rows = new ArrayList<>();
        try {
            Path file = Files.createTempFile("object", ".parquet");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                Files.write(file, body);
                boolean prediction;
                try (ResultSet cols = s.executeQuery("SELECT count(*) FROM parquet_schema('" + file + "') WHERE name = 'top_k'")) {
                    cols.next();
                    prediction = cols.getInt(1) > 0;
                }
                try (ResultSet rs = s.executeQuery("SELECT image_id, job_id FROM read_parquet('" + file + "') ORDER BY kafka_offset")) {
                    while (rs.next()) {
                        rows.add(new ObjectRows(rs.getString(1), rs.getString(2), prediction));
                    }
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB cannot read the object: " + e.getMessage(), e);
        }
        return rows;
    }
}
