package io.breedline.sink.objects;

import static io.breedline.sink.TestResults.alreadyLabeled;
import static io.breedline.sink.TestResults.deadLetter;
import static io.breedline.sink.TestResults.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.sink.writer.PartitionBatch;
import io.breedline.sink.writer.ResultRecord;
import io.breedline.sink.writer.WriteException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WindowedObjectWriterTest {
    private static final TopicPartition TP = new TopicPartition("preds", 0);
    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final WindowedObjectWriter writer = new WindowedObjectWriter(store, new JsonLinesFormat(), "out", 3, INTERVAL);

    @Test
    void writesOneObjectPerCompleteOffsetWindowAndCommitsUpToTheOpenOne() throws Exception {
        List<ResultRecord> log = log(0, 1, 2, 3, 4, 5, 6, 7);

        Map<TopicPartition, Long> durable = writer.write(List.of(new PartitionBatch(TP, log, 8)), T0);

        assertThat(store.objects.keySet()).containsExactly(
                "out/preds/partition=0/preds+0+00000000000000000000.jsonl",
                "out/preds/partition=0/preds+0+00000000000000000003.jsonl");
        assertThat(store.lines("out/preds/partition=0/preds+0+00000000000000000003.jsonl"))
                .containsExactly(log.get(3).jsonLine(), log.get(4).jsonLine(), log.get(5).jsonLine());
        assertThat(durable).containsExactly(Map.entry(TP, 6L));
        assertThat(writer.buffered()).containsExactly(TP);
    }

    @Test
    void eachLineIsOneReadableMessage() throws Exception {
        List<ResultRecord> log = log(0, 1, 2);
        writer.write(List.of(new PartitionBatch(TP, log, 3)), T0);

        byte[] line = store.lines("out/preds/partition=0/preds+0+00000000000000000000.jsonl").get(1)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(Json.readPrediction(line)).isEqualTo(log.get(1).prediction());
    }

    @Test
    void alreadyLabeledNoticesGoToTheirTopicsFolderAsReadableLines() throws Exception {
        TopicPartition notices = new TopicPartition("preds.already-labeled", 1);
        List<ResultRecord> log = List.of(
                ResultRecord.of(0, alreadyLabeled("s3://b/a.jpg", "job-2")),
                ResultRecord.of(1, alreadyLabeled("s3://b/b.jpg", "job-2")),
                ResultRecord.of(2, alreadyLabeled("s3://b/c.jpg", "job-2")));

        writer.write(List.of(new PartitionBatch(notices, log, 3)), T0);

        String key = "out/preds.already-labeled/partition=1/preds.already-labeled+1+00000000000000000000.jsonl";
        assertThat(store.objects.keySet()).containsExactly(key);
        assertThat(Json.readAlreadyLabeled(store.lines(key).get(2).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(log.get(2).alreadyLabeled());
    }

    @Test
    void aPositionPastTheWindowCompletesItWithoutAnotherRecord() throws Exception {
        // offsets 2 and 5 are transaction markers: the consumer's position moves past them without a record
        writer.write(List.of(new PartitionBatch(TP, log(0, 1, 3, 4), 5)), T0);
        assertThat(store.objects).hasSize(1);

        Map<TopicPartition, Long> durable = writer.write(List.of(new PartitionBatch(TP, List.of(), 6)), T0);

        assertThat(store.objects.keySet()).containsExactly(
                "out/preds/partition=0/preds+0+00000000000000000000.jsonl",
                "out/preds/partition=0/preds+0+00000000000000000003.jsonl");
        assertThat(durable).containsExactly(Map.entry(TP, 6L));
        assertThat(writer.buffered()).isEmpty();
    }

    @Test
    void howPollsSplitTheLogDoesNotChangeTheObjects() throws Exception {
        List<ResultRecord> log = log(0, 1, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 17, 18, 19, 20);
        long end = 21;
        Map<String, String> allAtOnce = replay(log, end, 0, new int[] {log.size()});
        Random random = new Random(42);
        for (int run = 0; run < 20; run++) {
            int[] splits = random.ints(log.size(), 0, 4).toArray();
            assertThat(replay(log, end, 0, splits)).as("split %s", Arrays.toString(splits)).isEqualTo(allAtOnce);
        }
        assertThat(allAtOnce).hasSize(7);
    }

    @Test
    void aRestartFromTheCommittedOffsetRewritesTheSameKeys() throws Exception {
        List<ResultRecord> log = log(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        Map<String, String> uninterrupted = replay(log, 12, 0, new int[] {5});

        // a first run read up to offset 7 and stopped: windows 0 and 3 written, 6 committed
        WindowedObjectWriter first = new WindowedObjectWriter(store, new JsonLinesFormat(), "out", 3, INTERVAL);
        Map<TopicPartition, Long> committed = first.write(List.of(new PartitionBatch(TP, log.subList(0, 8), 8)), T0);
        assertThat(committed).containsExactly(Map.entry(TP, 6L));
        first.flushBuffered(); // made the partial window 6 visible at shutdown
        // the second run starts at the committed offset
        WindowedObjectWriter second = new WindowedObjectWriter(store, new JsonLinesFormat(), "out", 3, INTERVAL);
        second.write(List.of(new PartitionBatch(TP, log.subList(6, 12), 12)), T0);

        assertThat(store.objects).isEqualTo(uninterrupted);
    }

    @Test
    void aTimedFlushMakesThePartialWindowVisibleUnderItsFinalKeyWithoutCommittingIt() throws Exception {
        List<ResultRecord> log = log(0, 1, 2, 3, 4);
        writer.write(List.of(new PartitionBatch(TP, log.subList(0, 4), 4)), T0);
        String partial = "out/preds/partition=0/preds+0+00000000000000000003.jsonl";
        assertThat(store.objects).doesNotContainKey(partial);

        Map<TopicPartition, Long> durable = writer.write(List.of(new PartitionBatch(TP, List.of(), 4)), T0.plus(INTERVAL));
        assertThat(store.lines(partial)).containsExactly(log.get(3).jsonLine());
        assertThat(durable).containsExactly(Map.entry(TP, 3L));

        // nothing new: no rewrite
        writer.write(List.of(new PartitionBatch(TP, List.of(), 4)), T0.plus(INTERVAL.multipliedBy(3)));
        assertThat(store.puts).hasSize(2);

        durable = writer.write(List.of(new PartitionBatch(TP, log.subList(4, 5), 6)), T0.plus(INTERVAL.multipliedBy(4)));
        assertThat(store.lines(partial)).containsExactly(log.get(3).jsonLine(), log.get(4).jsonLine());
        assertThat(durable).containsExactly(Map.entry(TP, 6L));
        assertThat(store.objects).hasSize(2);
    }

    @Test
    void shutdownMakesPartialWindowsVisible() throws Exception {
        writer.write(List.of(new PartitionBatch(TP, log(0), 1)), T0);
        writer.flushBuffered();
        assertThat(store.objects).containsOnlyKeys("out/preds/partition=0/preds+0+00000000000000000000.jsonl");
    }

    @Test
    void afterAFailedPutTheBufferIsDiscardedAndTheReReadWritesTheSameObject() throws Exception {
        List<ResultRecord> log = log(0, 1, 2, 3);
        store.failNextPuts = 1;
        assertThatThrownBy(() -> writer.write(List.of(new PartitionBatch(TP, log, 4)), T0))
                .isInstanceOf(WriteException.class);
        writer.discard(List.of(TP));
        assertThat(writer.buffered()).isEmpty();

        Map<TopicPartition, Long> durable = writer.write(List.of(new PartitionBatch(TP, log, 4)), T0);

        assertThat(durable).containsExactly(Map.entry(TP, 3L));
        assertThat(store.lines("out/preds/partition=0/preds+0+00000000000000000000.jsonl")).hasSize(3);
    }

    @Test
    void deadLettersGoToTheirOwnTopicFolder() throws Exception {
        TopicPartition dl = new TopicPartition("dead", 2);
        writer.write(List.of(new PartitionBatch(dl, List.of(
                ResultRecord.of(0, deadLetter("/x.txt", "job")), ResultRecord.of(1, deadLetter("/y.txt", "job"))), 3)), T0);

        String key = "out/dead/partition=2/dead+2+00000000000000000000.jsonl";
        assertThat(store.objects).containsOnlyKeys(key);
        assertThat(Json.readDeadLetter(store.lines(key).get(0).getBytes(StandardCharsets.UTF_8)).reference().uri())
                .isEqualTo("/x.txt");
    }

    /** Feeds the log from {@code from} in polls of the given sizes (cycled); returns the objects written. */
    private static Map<String, String> replay(List<ResultRecord> log, long end, long from, int[] splits) throws WriteException {
        InMemoryObjectStore s = new InMemoryObjectStore();
        WindowedObjectWriter w = new WindowedObjectWriter(s, new JsonLinesFormat(), "out", 3, INTERVAL);
        List<ResultRecord> rest = log.stream().filter(r -> r.offset() >= from).toList();
        int i = 0;
        int poll = 0;
        while (i < rest.size()) {
            int n = Math.min(splits[poll++ % splits.length], rest.size() - i);
            List<ResultRecord> part = rest.subList(i, i + n);
            i += n;
            long next = i < rest.size() ? rest.get(i).offset() : end;
            w.write(List.of(new PartitionBatch(TP, part, next)), T0);
        }
        return s.objects;
    }

    private static List<ResultRecord> log(long... offsets) {
        List<ResultRecord> out = new ArrayList<>();
        for (long o : offsets) {
            Prediction p = prediction("/dogs/" + o + ".jpg", "job-1");
            out.add(ResultRecord.of(o, p));
        }
        return out;
    }
}
