package io.breedline.web;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;

/** Result rows written straight into a results database, as the sink would write them. */
final class Rows {
    private Rows() {}

    static void prediction(Connection c, String imageId, String uri, String job, String breed, double p, String second,
            double secondP, boolean postgres) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO predictions (image_id, model_version, model_name, uri, "
                + "job_id, top_breed, top_probability, top_k_json, worker_id, fetch_ms, decode_ms, queue_wait_ms, inference_ms, "
                + "batch_size, predicted_at, written_at) VALUES (?, 'v1', 'colour', ?, ?, ?, ?, ?, 'w', 1, 2, 3, 4, 1, "
                + (postgres ? "now(), now()" : "?, ?") + ")")) {
            ps.setString(1, imageId);
            ps.setString(2, uri);
            ps.setString(3, job);
            ps.setString(4, breed);
            ps.setDouble(5, p);
            ps.setString(6, "[{\"breed\":\"" + breed + "\",\"classIndex\":0,\"probability\":" + p + "},{\"breed\":\""
                    + second + "\",\"classIndex\":1,\"probability\":" + secondP + "}]");
            if (!postgres) {
                ps.setString(7, Instant.now().toString());
                ps.setString(8, Instant.now().toString());
            }
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prediction_breeds (image_id, model_version, rank, breed, "
                + "class_index, probability) VALUES (?, 'v1', 2, ?, 1, ?)")) {
            ps.setString(1, imageId);
            ps.setString(2, second);
            ps.setDouble(3, secondP);
            ps.executeUpdate();
        }
    }

    static void deadLetter(Connection c, String imageId, String uri, String job, String reason, boolean postgres)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters (image_id, job_id, uri, stage, reason, "
                + "retriable, worker_id, failed_at, written_at) VALUES (?, ?, ?, 'DECODE', ?, false, 'w', "
                + (postgres ? "now(), now()" : "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'") + ")")) {
            ps.setString(1, imageId);
            ps.setString(2, job);
            ps.setString(3, uri);
            ps.setString(4, reason);
            ps.executeUpdate();
        }
    }

    static Connection connect(String jdbcUrl, String user, String password) throws Exception {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
