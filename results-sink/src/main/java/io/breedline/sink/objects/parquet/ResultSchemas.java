package io.breedline.sink.objects.parquet;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schema of each kind of result: one row per message, columns in snake_case, timestamps as UTC
 * milliseconds, the top-k as a standard three-level LIST of structs (what DuckDB, Spark and Athena read as
 * {@code list<struct<breed, class_index, probability>>}). Every row also records where it came from in Kafka, so a
 * row can be traced back to its message. Documented for users in {@code docs/parquet.md}.
 *
 * <p>A prediction's {@code top_breed}, {@code top_probability} and {@code top_k} are the top-k its display uses (the
 * calibrated one for a calibrated model, as in the SQL tables). The calibration's columns came later and are optional, at
 * the end, unset for a model without calibration: files written before them read the same, and readers of the old
 * columns need no change.
 */
final class ResultSchemas {
    static final MessageType PREDICTION = MessageTypeParser.parseMessageType("""
            message prediction {
              required binary image_uri (STRING);
              required binary image_id (STRING);
              required binary job_id (STRING);
              required binary model_name (STRING);
              required binary model_version (STRING);
              required binary top_breed (STRING);
              required double top_probability;
              required group top_k (LIST) {
                repeated group list {
                  required group element {
                    required binary breed (STRING);
                    required int32 class_index;
                    required double probability;
                  }
                }
              }
              optional int64 fetch_ms;
              optional int64 decode_ms;
              optional int64 queue_wait_ms;
              optional int64 inference_ms;
              optional int32 batch_size;
              optional binary etag (STRING);
              optional binary version_id (STRING);
              optional binary sequencer (STRING);
              required binary worker_id (STRING);
              required int64 predicted_at (TIMESTAMP(MILLIS,true));
              required int32 schema_version;
              required int32 kafka_partition;
              required int64 kafka_offset;
              optional group raw_top_k (LIST) {
                repeated group list {
                  required group element {
                    required binary breed (STRING);
                    required int32 class_index;
                    required double probability;
                  }
                }
              }
              optional group calibrated_top_k (LIST) {
                repeated group list {
                  required group element {
                    required binary breed (STRING);
                    required int32 class_index;
                    required double probability;
                  }
                }
              }
              optional binary display_top_k (STRING);
              optional double temperature;
              optional binary ood_score (STRING);
              optional double ood_value;
              optional double ood_threshold;
              optional boolean not_a_dog;
            }
            """);

    static final MessageType DEAD_LETTER = MessageTypeParser.parseMessageType("""
            message dead_letter {
              required binary image_id (STRING);
              optional binary image_uri (STRING);
              optional binary job_id (STRING);
              required binary stage (STRING);
              required binary reason (STRING);
              optional binary exception_type (STRING);
              required boolean retriable;
              optional binary etag (STRING);
              optional binary version_id (STRING);
              optional binary raw_base64 (STRING);
              required binary worker_id (STRING);
              required int64 failed_at (TIMESTAMP(MILLIS,true));
              required int32 schema_version;
              required int32 kafka_partition;
              required int64 kafka_offset;
            }
            """);

    static final MessageType ALREADY_LABELED = MessageTypeParser.parseMessageType("""
            message already_labeled {
              required binary image_id (STRING);
              required binary image_uri (STRING);
              optional binary job_id (STRING);
              optional binary etag (STRING);
              optional binary version_id (STRING);
              required binary model_version (STRING);
              required binary worker_id (STRING);
              required int64 skipped_at (TIMESTAMP(MILLIS,true));
              required int32 schema_version;
              required int32 kafka_partition;
              required int64 kafka_offset;
            }
            """);

    private ResultSchemas() {}
}
