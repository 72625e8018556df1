package io.breedline.bench;

import io.breedline.clients.s3.S3Clients;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Topics;
import io.breedline.embedded.EmbeddedKafka;
import io.breedline.embedded.EmbeddedS3;
import io.breedline.worker.WorkerConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * {@code ./breedline bench soak}: a worker as deployed (its own process, {@code breedline worker}) facing a large
 * backlog for a long run. The whole backlog is published before the worker starts, so its memory is what it is with
 * that backlog waiting; the worker's resident memory is sampled from /proc while it labels, to show whether it stays
 * bounded (backlog) and flat (leaks in TensorFlow's native memory or the JVM).
 *
 * <p>References cycle over a few hundred uploaded photos and carry no ETag, so nothing is skipped as already labeled:
 * every reference costs a fetch, a decode and a model slot.
 */
public final class SoakRun {
    static final String BUCKET = "breedline-soak";
    private static final int DISTINCT_IMAGES = 200;
    private static final Duration STALL = Duration.ofMinutes(5);

    /** What to run. */
    public record Options(int refs, int images, int batchSize, String decode, Duration sampleEvery, Path samples,
            Map<String, String> workerEnv, String commandLine) {
        public Options {
            if (refs < 1 || images < 1 || images > refs) {
                throw new IllegalArgumentException("need 1 <= --images <= --refs, were " + images + " and " + refs);
            }
        }
    }

    private final Options options;
    private final String model;
    private final PrintStream out;
    private final PrintStream err;

    public SoakRun(Options options, String model, PrintStream out, PrintStream err) {
        this.options = options;
        this.model = model;
        this.out = out;
        this.err = err;
    }

    public int run() throws Exception {
        Path work = Files.createTempDirectory("breedline-soak");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka")), 0);
                EmbeddedS3 s3 = EmbeddedS3.start(Files.createDirectories(work.resolve("s3")))) {
            Topics topics = Topics.defaults();
            PipelineRun.createTopics(kafka.bootstrapServers(), topics);
            err.println("Making and uploading " + DISTINCT_IMAGES + " photos of 500x375 ...");
            List<String> uris = upload(s3, BenchImages.generate("small", options.samples(), work.resolve("images"),
                    DISTINCT_IMAGES, 500, 375).files());
            err.println("Publishing a backlog of " + options.refs() + " references ...");
            publishBacklog(kafka.bootstrapServers(), topics.images(), uris);

            out.println("Breedline soak, " + Instant.now());
            out.println("command: " + options.commandLine());
            out.println("model: " + model + "; worker: its own process (breedline worker), batch " + options.batchSize()
                    + ", decode " + options.decode() + "; backlog " + options.refs() + " references published before it"
                    + " started; run until " + options.images() + " predictions");
            AtomicLong predictions = new AtomicLong();
            AtomicBoolean stopCounting = new AtomicBoolean();
            Thread counter = counter(kafka.bootstrapServers(), topics.predictions(), predictions, stopCounting);
            int opsPort = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("BREEDLINE_OPS_PORT", Integer.toString(opsPort));
            env.put(WorkerConfig.MODEL, model);
            env.put(WorkerConfig.MAX_BATCH_SIZE, Integer.toString(options.batchSize()));
            env.put(WorkerConfig.DECODE_MODE, options.decode());
            env.putAll(options.workerEnv());
            try (WorkerChild worker = WorkerChild.start("soak", kafka.bootstrapServers(), s3.endpoint(), env,
                    work.resolve("worker.log"))) {
                int status = watch(worker, predictions, new HeapScrape(opsPort));
                if (status != 0) {
                    err.println("last lines of the worker's log:");
                    err.println(worker.tail(40));
                }
                worker.stop(Duration.ofSeconds(60));
                return status;
            } finally {
                // Not interrupt(): an interrupted KafkaConsumer.close() logs a stack trace on the way out.
                stopCounting.set(true);
                counter.join(10_000);
            }
        } finally {
            Benchmark.deleteTree(work);
        }
    }

    private int watch(WorkerChild worker, AtomicLong predictions, HeapScrape heap) throws Exception {
        long start = System.nanoTime();
        long lastCount = 0;
        long lastChange = start;
        long lastSample = start;
        long lastSampleCount = 0;
        Long warmRss = null;
        long warmOutside = -1;
        Optional<LiveHeap> warmLive = Optional.empty();
        long warmCount = 0;
        long warmNanos = 0;
        long maxRss = 0;
        // The first samples include the model's load and the JIT; "start" RSS is taken once the worker is labeling at
        // speed (1000 predictions in), so the comparison with the end is about the long run, not start-up.
        long warmAt = Math.min(1000, options.images() / 10);
        while (true) {
            if (!worker.isAlive()) {
                out.println("the worker exited with status " + worker.exitValue() + " after " + predictions.get()
                        + " predictions");
                return 1;
            }
            long now = System.nanoTime();
            long count = predictions.get();
            long rss = ProcessMemory.rssMiB(worker.pid());
            maxRss = Math.max(maxRss, rss);
            if (warmRss == null && count >= warmAt) {
                long committed = heap.committedHeapMiB();
                warmRss = rss;
                warmOutside = outsideHeap(rss, committed);
                warmCount = count;
                warmNanos = now;
                warmLive = LiveHeap.of(worker.pid());
                out.printf(Locale.ROOT, "warm: %d predictions at %.0f s, worker RSS %d MiB (heap committed %d, "
                        + "outside the heap %d, live objects after a full GC %d)%n", count, (now - start) / 1e9, rss,
                        committed, warmOutside, warmLive.map(LiveHeap::totalMiB).orElse(-1L));
            }
            boolean last = count >= options.images();
            long outside = -1;
            if (now - lastSample >= options.sampleEvery().toNanos() || last) {
                long committed = heap.committedHeapMiB();
                outside = outsideHeap(rss, committed);
                double rate = (count - lastSampleCount) * 1e9 / Math.max(1, now - lastSample);
                out.printf(Locale.ROOT, "t=%5.0f s  predictions %6d  rate %5.1f images/s  worker RSS %5d MiB  heap "
                        + "committed %5d MiB  outside the heap %5d MiB%n", (now - start) / 1e9, count, rate, rss,
                        committed, outside);
                lastSample = now;
                lastSampleCount = count;
            }
            if (last) {
                long hwm = ProcessMemory.peakMiB(worker.pid());
                double steady = (count - warmCount) * 1e9 / Math.max(1, now - warmNanos);
                out.printf(Locale.ROOT, "done: %d predictions in %.0f s (%.1f images/s after warm-up); worker RSS at "
                        + "warm-up %d MiB, at the end %d MiB (%+d MiB over %d images), highest sampled %d MiB, "
                        + "peak (VmHWM) %d MiB; backlog left unread: %d references%n", count, (now - start) / 1e9,
                        steady, warmRss, rss, rss - warmRss, count - warmCount, maxRss, hwm, options.refs() - count);
                // RSS minus the committed heap: TensorFlow's native memory and the JVM's own. A leak shows here; heap
                // growth (bounded by -Xmx) does not.
                out.printf(Locale.ROOT, "outside the heap (RSS - committed heap): %d MiB at warm-up, %d MiB at the "
                        + "end (%+d MiB)%n", warmOutside, outside, warmOutside < 0 || outside < 0 ? 0
                        : outside - warmOutside);
                // What is still reachable after a full GC: a leak on the heap grows this, G1 sizing the heap does not.
                Optional<LiveHeap> live = LiveHeap.of(worker.pid());
                out.printf(Locale.ROOT, "live heap objects after a full GC: %d MiB at warm-up, %d MiB at the end%n",
                        warmLive.map(LiveHeap::totalMiB).orElse(-1L), live.map(LiveHeap::totalMiB).orElse(-1L));
                if (warmLive.isPresent() && live.isPresent()) {
                    out.println("grew most: " + String.join(", ", live.get().grewMostSince(warmLive.get(), 8)));
                }
                return 0;
            }
            if (count != lastCount) {
                lastCount = count;
                lastChange = now;
            } else if (now - lastChange > STALL.toNanos()) {
                out.println("no prediction for " + STALL + " after " + count + "; giving up");
                return 1;
            }
            Thread.sleep(500);
        }
    }

    /** RSS minus the committed heap: TensorFlow's native memory and the JVM's own; -1 when the heap is unknown. */
    private static long outsideHeap(long rss, long committedHeap) {
        return committedHeap < 0 ? -1 : rss - committedHeap;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Thread counter(String bootstrap, String topic, AtomicLong predictions, AtomicBoolean stop) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "soak-counter");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Thread t = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (!stop.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                    predictions.addAndGet(records.count());
                }
            }
        }, "soak-counter");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static List<String> upload(EmbeddedS3 s3, List<Path> files) {
        s3.createBucket(BUCKET);
        List<String> uris = new ArrayList<>();
        try (S3Client client = S3Clients.create(s3.settings())) {
            for (Path file : files) {
                String key = "soak/" + file.getFileName();
                client.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromFile(file));
                uris.add("s3://" + BUCKET + "/" + key);
            }
        }
        return uris;
    }

    private void publishBacklog(String bootstrap, String topic, List<String> uris) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        String job = "soak-" + System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < options.refs(); i++) {
                ImageRef ref = ImageRef.of(uris.get(i % uris.size()), null, null, null, job, Instant.now());
                // Keyed by a counter, not the image id: the backlog spreads over every partition like distinct photos.
                producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                        Json.write(ref)));
            }
            producer.flush();
        }
    }
}
