package io.breedline.sink.objects.parquet;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.BreedScore;
import io.breedline.contracts.Calibration;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.StageTimings;
import io.breedline.sink.writer.ResultRecord;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * Turns result records of one topic partition into Parquet rows of {@link ResultSchemas}.
 *
 * <p>The {@code init(org.apache.hadoop.conf.Configuration)} override exists only because parquet-java declares it
 * abstract; Hadoop is a compile-time ({@code provided}) dependency for that signature and never loaded at run time,
 * since the writer is built with a {@link ParquetConfiguration} ({@link ParquetObjects}).
 */
final class ResultWriteSupport extends WriteSupport<ResultRecord> {
    private final MessageType schema;
    private final int partition;
    private RecordConsumer out;

    ResultWriteSupport(MessageType schema, int partition) {
        this.schema = schema;
        this.partition = partition;
    }

    static MessageType schemaFor(ResultRecord first) {
        if (first.prediction() != null) {
            return ResultSchemas.PREDICTION;
        }
        return first.deadLetter() != null ? ResultSchemas.DEAD_LETTER : ResultSchemas.ALREADY_LABELED;
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return init((ParquetConfiguration) null);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        // No time or host in the footer: a replayed window must produce the same bytes.
        return new WriteContext(schema, Map.of("breedline.schema", schema.getName()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(ResultRecord record) {
        if (schemaFor(record) != schema) {
            throw new IllegalArgumentException("a " + schema.getName() + " object cannot hold the record at offset "
                    + record.offset() + " of another kind");
        }
        out.startMessage();
        Row row = new Row(out, schema);
        if (record.prediction() != null) {
            prediction(row, record.prediction());
        } else if (record.deadLetter() != null) {
            deadLetter(row, record.deadLetter());
        } else {
            alreadyLabeled(row, record.alreadyLabeled());
        }
        row.int32("kafka_partition", partition).int64("kafka_offset", record.offset());
        if (record.prediction() != null && record.prediction().calibration() != null) {
            calibration(row, record.prediction());
        }
        out.endMessage();
    }

    private void prediction(Row row, Prediction p) {
        BreedScore top = p.shownTopK().get(0);
        row.string("image_uri", p.uri()).string("image_id", p.imageId()).string("job_id", p.jobId())
                .string("model_name", p.modelName()).string("model_version", p.modelVersion())
                .string("top_breed", top.breed()).float64("top_probability", top.probability());
        topK(row, "top_k", p.shownTopK());
        StageTimings t = p.timings();
        if (t != null) {
            row.int64("fetch_ms", t.fetchMs()).int64("decode_ms", t.decodeMs()).int64("queue_wait_ms", t.queueWaitMs())
                    .int64("inference_ms", t.inferenceMs()).int32("batch_size", t.batchSize());
        }
        row.string("etag", p.etag()).string("version_id", p.versionId()).string("sequencer", p.sequencer())
                .string("worker_id", p.workerId()).time("predicted_at", p.predictedAt())
                .int32("schema_version", p.schemaVersion());
    }

    /** After the Kafka columns, where the schema has them: they came later (see {@link ResultSchemas}). */
    private void calibration(Row row, Prediction p) {
        Calibration c = p.calibration();
        topK(row, "raw_top_k", p.topK());
        topK(row, "calibrated_top_k", c.topK());
        row.string("display_top_k", c.display().name()).float64("temperature", c.temperature())
                .string("ood_score", c.oodScore()).float64("ood_value", c.oodValue())
                .float64("ood_threshold", c.oodThreshold()).bool("not_a_dog", c.unknown());
    }

    /** The three-level LIST layout: {@code field / list (repeated) / element (struct)}. */
    private void topK(Row row, String field, List<BreedScore> scores) {
        GroupType list = schema.getType(field).asGroupType();
        GroupType repeated = list.getType("list").asGroupType();
        GroupType element = repeated.getType("element").asGroupType();
        row.start(field);
        out.startGroup();
        out.startField("list", 0);
        for (BreedScore s : scores) {
            out.startGroup();
            out.startField("element", 0);
            out.startGroup();
            new Row(out, element).string("breed", s.breed()).int32("class_index", s.classIndex())
                    .float64("probability", s.probability());
            out.endGroup();
            out.endField("element", 0);
            out.endGroup();
        }
        out.endField("list", 0);
        out.endGroup();
        row.end(field);
        assert repeated.getFieldIndex("element") == 0 && list.getFieldIndex("list") == 0;
    }

    private static void deadLetter(Row row, DeadLetter d) {
        ImageRef ref = d.reference();
        row.string("image_id", d.imageId()).string("image_uri", ref == null ? null : ref.uri()).string("job_id", d.jobId())
                .string("stage", d.stage().name()).string("reason", d.reason()).string("exception_type", d.exceptionType())
                .bool("retriable", d.retriable()).string("etag", ref == null ? null : ref.etag())
                .string("version_id", ref == null ? null : ref.versionId()).string("raw_base64", d.rawBase64())
                .string("worker_id", d.workerId()).time("failed_at", d.failedAt())
                .int32("schema_version", d.schemaVersion());
    }

    private static void alreadyLabeled(Row row, AlreadyLabeled a) {
        row.string("image_id", a.imageId()).string("image_uri", a.uri()).string("job_id", a.jobId())
                .string("etag", a.etag()).string("version_id", a.versionId()).string("model_version", a.modelVersion())
                .string("worker_id", a.workerId()).time("skipped_at", a.skippedAt())
                .int32("schema_version", a.schemaVersion());
    }
}
