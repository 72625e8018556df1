package io.breedline.sink.consume;

import static io.breedline.sink.TestResults.alreadyLabeled;
import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.contracts.AlreadyLabeled;
import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import io.breedline.sink.writer.ResultRecord;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordParserTest {
    private static final Topics TOPICS = Topics.defaults();
    private final RecordParser parser = new RecordParser(TOPICS);

    @Test
    void readsEachTopicAsItsOwnKind() {
        AlreadyLabeled notice = alreadyLabeled("s3://b/a.jpg", "job-2");

        Optional<ResultRecord> skipped = parser.parse(new ConsumerRecord<>(TOPICS.alreadyLabeled(), 0, 7, null, Json.write(notice)));
        Optional<ResultRecord> labeled = parser.parse(
                new ConsumerRecord<>(TOPICS.predictions(), 0, 8, null, Json.write(prediction("s3://b/a.jpg", "job-1"))));

        assertThat(skipped).get().satisfies(r -> {
            assertThat(r.alreadyLabeled()).isEqualTo(notice);
            assertThat(r.prediction()).isNull();
            assertThat(r.offset()).isEqualTo(7);
        });
        assertThat(labeled).get().satisfies(r -> assertThat(r.prediction()).isNotNull());
    }

    @Test
    void aNoticeIsNeverTakenForAPrediction() {
        // Should one end up on the predictions topic, it is unreadable there, not a prediction without labels.
        byte[] notice = Json.write(alreadyLabeled("s3://b/a.jpg", "job-2"));

        assertThat(parser.parse(new ConsumerRecord<>(TOPICS.predictions(), 0, 0, null, notice))).isEmpty();
    }
}
