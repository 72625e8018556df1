package io.breedline.sink.jdbc;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.Prediction;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.sink.writer.ResultWriter;
import io.breedline.sink.writer.WriteException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each poll's results in one transaction of upserts. Nothing is buffered: once the transaction commits,
 * everything the poll returned is durable, so the consumer positions can be committed as they are.
 *
 * <p>One connection, reopened after any failure: the database may have restarted in between.
 */
public final class JdbcResultWriter implements ResultWriter {
    private static final Logger log = LoggerFactory.getLogger(JdbcResultWriter.class);

    private final JdbcTarget target;
    private final SqlDialect dialect;
    private final ResultStatements statements;
    private final Clock clock;
    private Connection connection;
    private boolean schemaReady;

    public JdbcResultWriter(JdbcTarget target, Clock clock) {
        this.target = target;
        this.dialect = target.dialect();
        this.statements = new ResultStatements(dialect);
        this.clock = clock;
    }

    @Override
    public void open() throws WriteException {
        try {
            connection();
            log.info("writing results to {}", target.safeUrl());
        } catch (SQLException e) {
            closeConnection();
            throw failure("cannot open the results database " + target.safeUrl(), e);
        }
    }

    @Override
    public Map<TopicPartition, Long> write(List<PartitionBatch> batches, Instant now) throws WriteException {
        // Per key, the message that would win replayed one by one (the last, unless an earlier one has a higher
        // sequencer); it also keeps one rank-row set per key.
        Map<List<String>, Prediction> predictions = new LinkedHashMap<>();
        Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
        Map<List<String>, AlreadyLabeled> skips = new LinkedHashMap<>();
        Map<TopicPartition, Long> durable = new HashMap<>();
        for (PartitionBatch batch : batches) {
            for (ResultRecord r : batch.records()) {
                if (r.prediction() != null) {
                    Prediction p = r.prediction();
                    List<String> key = List.of(p.imageId(), p.modelVersion());
                    Prediction earlier = predictions.remove(key);
                    predictions.put(key, earlier == null ? p : Replay.later(earlier, p));
                } else if (r.deadLetter() != null) {
                    deadLetters.remove(r.deadLetter().imageId());
                    deadLetters.put(r.deadLetter().imageId(), r.deadLetter());
                } else if (r.alreadyLabeled().jobId() != null) {
                    // Without a job there is no progress to count: the image's row already says all there is.
                    AlreadyLabeled a = r.alreadyLabeled();
                    skips.put(List.of(a.jobId(), a.imageId()), a);
                }
            }
            durable.put(batch.partition(), batch.nextOffset());
        }
        if (predictions.isEmpty() && deadLetters.isEmpty() && skips.isEmpty()) {
            return durable;
        }
        try {
            Connection c = connection();
            try {
                Instant writtenAt = clock.instant();
                statements.writePredictions(c, predictions.values(), writtenAt);
                statements.writeDeadLetters(c, deadLetters.values(), writtenAt);
                statements.writeAlreadyLabeled(c, skips.values(), writtenAt);
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            closeConnection();
            throw failure("writing " + predictions.size() + " predictions, " + deadLetters.size()
                    + " dead letters and " + skips.size() + " already-labeled notices to " + target.safeUrl() + " failed", e);
        } catch (AssertionError e) {
            // pgjdbc's BatchResultHandler.isAutoCommit throws AssertionError, not SQLException, when the connection
            // drops in the middle of executeBatch. It is a lost connection: retry on a new one instead of stopping
            // the sink. The transaction never committed, and closing the connection discards it.
            closeConnection();
            throw new WriteException("writing " + predictions.size() + " predictions and " + deadLetters.size()
                    + " dead letters to " + target.safeUrl() + " failed: the connection was lost (" + e.getMessage() + ")",
                    e, true);
        }
        log.debug("wrote {} predictions, {} dead letters and {} already-labeled notices", predictions.size(),
                deadLetters.size(), skips.size());
        return durable;
    }

    @Override
    public void discard(Collection<TopicPartition> partitions) {
        // Nothing is buffered between calls.
    }

    @Override
    public void close() {
        closeConnection();
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            if (!schemaReady) {
                SqlSchema.migrate(target);
                schemaReady = true;
            }
            Connection c = target.connect();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the results database connection failed", e);
            }
            connection = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed", e);
        }
    }

    /**
     * Data errors (SQLState class 22) and schema or permission errors (42) fail the same way on every retry; anything
     * else (connection lost, database locked or shutting down, deadlock) is worth waiting for.
     */
    static WriteException failure(String what, SQLException e) {
        String state = e.getSQLState();
        boolean permanent = state != null && (state.startsWith("22") || state.startsWith("42"));
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new WriteException(what + ": " + detail + (state == null ? "" : " (SQLState " + state + ")"), e, !permanent);
    }
}
