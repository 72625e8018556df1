package io.breedline.sink.objects;

import io.breedline.sink.writer.ResultRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** One message per line, as compact JSON: the form Kafka Connect's S3 sink writes with its JSON format. */
public final class JsonLinesFormat implements ObjectFormat {
    @Override
    public String extension() {
        return ".jsonl";
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    @Override
    public byte[] encode(TopicPartition partition, List<ResultRecord> records) {
        StringBuilder lines = new StringBuilder();
        for (ResultRecord r : records) {
            lines.append(r.jsonLine()).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}
