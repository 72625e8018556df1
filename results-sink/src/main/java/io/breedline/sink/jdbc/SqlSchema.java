package io.breedline.sink.jdbc;

import io.breedline.sink.jdbc.migration.V2__Prediction_sequencer;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result tables, brought to the current version by Flyway migrations before the sink writes: SQL files in
 * {@code src/main/resources/db/breedline} ({@code V<n>__<what>.sql}) and, where a step must look before it acts, Java
 * ones in {@link io.breedline.sink.jdbc.migration}. Flyway records what it applied in {@code flyway_schema_history} and
 * locks the database while migrating, so two sinks starting at once do not race. A database made before migrations
 * were recorded is baselined at version 0 and every step runs over it (each is written to tolerate that), so it is
 * upgraded in place and keeps its rows. To change the layout, add the next {@code V<n>} file; never edit an applied
 * one (Flyway refuses a database whose recorded checksums differ).
 *
 * <p>The same SQL runs on SQLite and PostgreSQL; only two types differ, given as placeholders: {@code ${timestamp}}
 * ({@code TEXT} in UTC ISO-8601 on SQLite, {@code TIMESTAMPTZ} on PostgreSQL) and the sequencer's (byte-wise collation
 * on PostgreSQL).
 *
 * <pre>
 * predictions       one row per (image_id, model_version): where the image is, its top breed, the top-k as JSON,
 *                   the worker's stage timings, and the S3 event sequencer of the content it holds (a result with a
 *                   lower sequencer does not replace it: see {@code Sequencer})
 * prediction_breeds one row per (image_id, model_version, rank), rank 1 = most probable, for plain-SQL queries
 * dead_letters      one row per image_id that will not be labeled, and why
 * job_skips         one row per (job_id, image_id) a worker skipped as already labeled (same ETag/version and model
 *                   version): the job's outcome for the image; its labels are the predictions row of an earlier job
 * reviews           one row per person's verdict on an image in the web application (confirmed, corrected to a
 *                   breed, not a dog), who and when; the newest per image counts; model rows are never changed (V3,
 *                   with the indexes the web's keyset paging needs)
 * </pre>
 *
 * <p>A prediction of a calibrated model version (V4): its {@code top_*} columns and rank rows hold the top-k the display
 * uses (the calibrated one), {@code raw_top_k_json} the model's own, {@code calibrated_top_k_json}, {@code temperature},
 * {@code display_top_k}, {@code ood_score}, {@code ood_value}, {@code ood_threshold} and {@code not_a_dog} the rest of
 * its calibration; all NULL for a model without calibration, whose rows are as they were.
 *
 * <p>Queries this layout is made for (see {@code JdbcResults}):
 *
 * <pre>
 * -- how many images of a job have an outcome (a job is done when this reaches the number submitted)
 * SELECT COUNT(*) FROM (SELECT image_id FROM predictions WHERE job_id = ?
 *                       UNION SELECT image_id FROM job_skips WHERE job_id = ?
 *                       UNION SELECT image_id FROM dead_letters WHERE job_id = ?) AS outcomes;
 *
 * -- top breed and the runner-up of every image of a job
 * SELECT p.uri, p.top_breed, p.top_probability, b.breed AS second_breed, b.probability AS second_probability
 *   FROM predictions p
 *   LEFT JOIN prediction_breeds b
 *     ON b.image_id = p.image_id AND b.model_version = p.model_version AND b.rank = 2
 *  WHERE p.job_id = ?;
 *
 * -- all breeds of one image
 * SELECT rank, breed, probability FROM prediction_breeds WHERE image_id = ? ORDER BY model_version, rank;
 *
 * -- images of a job that failed, and why
 * SELECT uri, stage, reason FROM dead_letters WHERE job_id = ?;
 * </pre>
 */
public final class SqlSchema {
    public static final String PREDICTIONS = "predictions";
    public static final String PREDICTION_BREEDS = "prediction_breeds";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String JOB_SKIPS = "job_skips";
    public static final String REVIEWS = "reviews";
    /** The version {@link #migrate} brings a database to. */
    public static final int VERSION = 4;

    private static final Logger log = LoggerFactory.getLogger(SqlSchema.class);
    private static final String LOCATION = "classpath:db/breedline";

    private SqlSchema() {}

    /** Applies the migrations the database lacks; returns the version it is at afterwards. */
    public static int migrate(JdbcTarget target) throws SQLException {
        SqlDialect dialect = target.dialect();
        Flyway flyway = Flyway.configure(SqlSchema.class.getClassLoader())
                .dataSource(new TargetDataSource(target))
                .locations(LOCATION)
                .javaMigrations(new V2__Prediction_sequencer(dialect.sequencerType()))
                .placeholders(Map.of("timestamp", dialect.timestampType()))
                // Tables without a history: a database from before migrations were recorded. Every step runs on it.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Results database {} migrated from version {} to {} ({} steps)", target.safeUrl(),
                        result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
            return Integer.parseInt(flyway.info().current().getVersion().getVersion());
        } catch (FlywayException e) {
            // Flyway wraps the driver's error: hand the SQLException on, so its SQLState still decides retrying.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql) {
                    throw new SQLException("cannot migrate the results database " + target.safeUrl() + ": "
                            + e.getMessage(), sql.getSQLState(), sql);
                }
            }
            throw new SQLException("cannot migrate the results database " + target.safeUrl() + ": " + e.getMessage(), e);
        }
    }
}
