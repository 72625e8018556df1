package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.breedline.clients.config.Settings;
import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.FailureStage;
import io.breedline.contracts.ImageRef;
import io.breedline.contracts.Json;
import io.breedline.contracts.Prediction;
import io.breedline.contracts.Schema;
import io.breedline.contracts.Topics;
import io.breedline.testkit.KafkaServer;
import io.breedline.testkit.Names;
import io.breedline.testkit.TestImages;
import io.breedline.testkit.TestServers;
import io.breedline.worker.decode.ImageDecoder;
import io.breedline.worker.fakes.SleepyModel;
import io.breedline.worker.fetch.FaultyHttpProxy;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every kind of bad and hostile input through a whole worker against real Kafka and a real S3 server (s3proxy
 * requiring the canary keys, behind {@link FaultyHttpProxy}): each must end as exactly one dead letter whose reason a
 * person understands, the good images beside them labeled; and the credentials (S3 secret, Kafka SASL and SSL
 * passwords, set to canary values) must appear in no log line at any level, no dead letter, no prediction and no
 * error text.
 */
class BadInputIT {
    private static final Logger log = LoggerFactory.getLogger(BadInputIT.class);
    private static final String ACCESS_KEY = "AKIACANARYACCESS4e1d";
    private static final String SECRET_KEY = "SECRET-CANARY-7f3a";
    private static final String SASL_PASSWORD = "KAFKA-CANARY-91b2";
    private static final String SSL_PASSWORD = "KAFKA-SSL-CANARY-55e1";
    private static final List<String> SECRETS = List.of(SECRET_KEY, SASL_PASSWORD, SSL_PASSWORD);
    private static final int MAX_IMAGE_BYTES = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    void everyBadInputIsADeadLetterWithItsReasonAndNoSecretLeaks() throws Exception {
        ListAppender<ILoggingEvent> logs = captureAllLogs();
        S3Proxy s3proxy = startS3Proxy();
        HttpServer web = startWebServer();
        try (FaultyHttpProxy proxy = FaultyHttpProxy.inFrontOf(URI.create("http://127.0.0.1:" + s3proxy.getPort()));
                FaultyHttpProxy webProxy = FaultyHttpProxy.inFrontOf(URI.create("http://127.0.0.1:" + web.getAddress().getPort()))) {
            S3Settings s3 = S3Settings.forEndpoint(proxy.endpoint(), ACCESS_KEY, SECRET_KEY)
                    .withRetries(3, Duration.ofSeconds(1), Duration.ofSeconds(30));
            String bucket = Names.unique("bad");
            String s3uri = "s3://" + bucket + "/dogs/";
            Path photos = Files.createDirectories(tmp.resolve("photos"));
            Path secrets = Files.createDirectories(tmp.resolve("secrets"));
            Files.writeString(secrets.resolve("id_rsa"), "PRIVATE");
            Files.createSymbolicLink(photos.resolve("shared"), secrets);
            String web0 = "http://127.0.0.1:" + webProxy.port();

            List<ImageRef> good = new ArrayList<>();
            Map<String, String> reasons = new LinkedHashMap<>(); // uri -> the reason's beginning
            Map<String, FailureStage> stages = new HashMap<>();
            // Large enough that what TCP buffers hold before the abort (a few MiB on loopback) is well under half of it.
            byte[] bigObject = new byte[40 * 1024 * 1024];
            // Set up directly, not through the fault injector with its short attempt timeout.
            try (S3Client client = S3Clients.create(S3Settings.forEndpoint(
                    URI.create("http://127.0.0.1:" + s3proxy.getPort()), ACCESS_KEY, SECRET_KEY))) {
                client.createBucket(b -> b.bucket(bucket));
                for (int i = 0; i < 6; i++) {
                    put(client, bucket, "dogs/good-" + i + ".jpg", TestImages.jpeg(50, 40, i % 2 == 0 ? Color.WHITE : Color.BLACK));
                    good.add(ref(s3uri + "good-" + i + ".jpg"));
                }
                put(client, bucket, "dogs/denied.jpg", TestImages.jpeg(50, 40, Color.RED));
                put(client, bucket, "dogs/empty.jpg", new byte[0]);
                put(client, bucket, "dogs/cut.jpg", TestImages.truncatedJpeg(200, 200, Color.RED, 700));
                byte[] noise = new byte[4096];
                new Random(3).nextBytes(noise);
                noise[0] = (byte) 0xa5;
                put(client, bucket, "dogs/noise.jpg", noise);
                put(client, bucket, "dogs/note.jpg", "Dear dog owner, here is the photo you asked for.\n".getBytes(StandardCharsets.UTF_8));
                put(client, bucket, "dogs/phone.heic", heic());
                put(client, bucket, "dogs/bomb.png", pngBomb(100_000, 100_000));
                put(client, bucket, "dogs/bomb.jpg", jpegBomb(65_500, 65_500));
                put(client, bucket, "dogs/huge.jpg", bigObject);
                put(client, bucket, "dogs/flaky.jpg", TestImages.jpeg(50, 40, Color.RED));
            }
            proxy.failAlways("/dogs/denied.jpg", FaultyHttpProxy.status(403, "AccessDenied", "Access Denied"));
            proxy.failAlways("/dogs/flaky.jpg", FaultyHttpProxy.status(500, "InternalError", "We encountered an internal error."));

            expect(reasons, stages, s3uri + "missing.jpg", FailureStage.FETCH, s3uri + "missing.jpg: no such object");
            expect(reasons, stages, s3uri + "denied.jpg", FailureStage.FETCH, s3uri + "denied.jpg: access denied (AccessDenied)");
            expect(reasons, stages, s3uri + "flaky.jpg", FailureStage.FETCH, s3uri
                    + "flaky.jpg: the object store failed transiently after 3 attempts (HTTP 500 InternalError");
            expect(reasons, stages, s3uri + "huge.jpg", FailureStage.FETCH, s3uri + "huge.jpg: refused, " + bigObject.length
                    + " bytes is more than the limit of " + MAX_IMAGE_BYTES + " (BREEDLINE_MAX_IMAGE_BYTES)");
            expect(reasons, stages, s3uri + "empty.jpg", FailureStage.DECODE, s3uri + "empty.jpg: empty file (0 bytes)");
            expect(reasons, stages, s3uri + "cut.jpg", FailureStage.DECODE, s3uri + "cut.jpg: JPEG data is truncated or corrupt");
            expect(reasons, stages, s3uri + "noise.jpg", FailureStage.DECODE, s3uri
                    + "noise.jpg: not an image this worker can read: detected unknown binary data (");
            expect(reasons, stages, s3uri + "note.jpg", FailureStage.DECODE, s3uri
                    + "note.jpg: not an image this worker can read: detected text (");
            expect(reasons, stages, s3uri + "phone.heic", FailureStage.DECODE, s3uri
                    + "phone.heic: HEIF/HEIC (" + heic().length + " bytes): ");
            expect(reasons, stages, s3uri + "bomb.png", FailureStage.DECODE, s3uri
                    + "bomb.png: PNG image is 100000x100000 = 10000000000 pixels, more than the limit of 100000000 (BREEDLINE_MAX_IMAGE_PIXELS)");
            expect(reasons, stages, s3uri + "bomb.jpg", FailureStage.DECODE, s3uri
                    + "bomb.jpg: JPEG image is 65500x65500 = 4290250000 pixels, more than the limit of 100000000 (BREEDLINE_MAX_IMAGE_PIXELS)");
            Path localGood = TestImages.write(photos, "rex.jpg", TestImages.jpeg(50, 40, Color.WHITE));
            good.add(ref(localGood.toString()));
            Path localBig = Files.write(photos.resolve("big.jpg"), new byte[MAX_IMAGE_BYTES + 1]);
            expect(reasons, stages, localBig.toString(), FailureStage.FETCH, localBig + ": refused, " + (MAX_IMAGE_BYTES + 1)
                    + " bytes is more than the limit of " + MAX_IMAGE_BYTES + " (BREEDLINE_MAX_IMAGE_BYTES)");
            expect(reasons, stages, "/proc/self/environ", FailureStage.FETCH, "/proc/self/environ: refused, a system file (/proc, /sys and /dev are never read)");
            String viaLink = photos.resolve("shared/id_rsa").toString();
            expect(reasons, stages, viaLink, FailureStage.FETCH, viaLink + ": refused, outside the allowed directories (it resolves to ");
            expect(reasons, stages, photos + "/../secrets/id_rsa", FailureStage.FETCH, photos + "/../secrets/id_rsa: refused, the path contains '..'");
            expect(reasons, stages, "file:///etc/passwd", FailureStage.FETCH,
                    "file:///etc/passwd: refused, outside the allowed directories; BREEDLINE_FILE_ROOTS=" + photos);
            good.add(ref(web0 + "/dogs/web.jpg"));
            expect(reasons, stages, web0 + "/admin/config", FailureStage.FETCH, web0 + "/admin/config: refused, not under a prefix of BREEDLINE_HTTP_ALLOW");
            expect(reasons, stages, "http://169.254.169.254/latest/meta-data/iam/security-credentials/", FailureStage.FETCH,
                    "http://169.254.169.254/latest/meta-data/iam/security-credentials/: refused, not under a prefix of BREEDLINE_HTTP_ALLOW");

            // Messages that are not image references: kept byte for byte.
            Map<String, byte[]> raw = new LinkedHashMap<>();
            raw.put("not valid JSON", "{not json".getBytes(StandardCharsets.UTF_8));
            raw.put("schemaVersion " + (Schema.VERSION + 1), Json.write(new ImageRef(Schema.VERSION + 1, "x", "s3://b/k", null, null, null, "j", Instant.now())));
            raw.put("missing", ("{\"schemaVersion\":" + Schema.VERSION + ",\"imageId\":\"abc\",\"jobId\":\"j\"}").getBytes(StandardCharsets.UTF_8));
            raw.put("binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80, '{'});

            KafkaServer kafka = TestServers.kafka();
            Topics topics = Topics.defaults().withSuffix("." + Names.unique("bad"));
            kafka.createTopic(topics.images(), 2);
            kafka.createTopic(topics.predictions(), 1);
            kafka.createTopic(topics.deadLetters(), 1);
            List<ImageRef> all = new ArrayList<>(good);
            reasons.keySet().forEach(uri -> all.add(ref(uri)));
            produce(kafka, topics.images(), all, raw.values());

            Map<String, String> env = new HashMap<>(Map.of(
                    "BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "BREEDLINE_TOPIC_IMAGES", topics.images(),
                    "BREEDLINE_TOPIC_PREDICTIONS", topics.predictions(),
                    "BREEDLINE_TOPIC_DEAD_LETTERS", topics.deadLetters(),
                    "BREEDLINE_GROUP_ID", Names.unique("workers"),
                    "BREEDLINE_MODEL", "unused",
                    "BREEDLINE_MAX_BATCH_DELAY", "50ms",
                    "BREEDLINE_FILE_ROOTS", photos.toString(),
                    "BREEDLINE_HTTP_ALLOW", web0 + "/dogs/",
                    "BREEDLINE_WORKER_ID", Names.unique("bad")));
            env.put("BREEDLINE_MAX_IMAGE_BYTES", Integer.toString(MAX_IMAGE_BYTES));
            env.put("BREEDLINE_KAFKA_SASL_JAAS_CONFIG",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"dogs\" password=\"" + SASL_PASSWORD + "\";");
            env.put("BREEDLINE_KAFKA_SSL_KEY_PASSWORD", SSL_PASSWORD);
            env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
            WorkerConfig config = WorkerConfig.from(Settings.of(env)).withS3(s3);
            int expected = all.size() + raw.size();

            List<String> published = new ArrayList<>();
            List<Prediction> predictions = new ArrayList<>();
            List<DeadLetter> deadLetters = new ArrayList<>();
            String failureText;
            try (KafkaConsumer<byte[], byte[]> reader = reader(kafka, topics);
                    Worker worker = new Worker(config, new SleepyModel(Duration.ZERO))) {
                long t0 = System.nanoTime();
                worker.start();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(worker.failure()).isEmpty();
                    for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                        published.add(new String(r.value(), StandardCharsets.UTF_8));
                        if (r.topic().equals(topics.predictions())) {
                            predictions.add(Json.readPrediction(r.value()));
                        } else {
                            deadLetters.add(Json.readDeadLetter(r.value()));
                        }
                    }
                    assertThat(predictions.size() + deadLetters.size()).isGreaterThanOrEqualTo(expected);
                });
                log.info("{} messages ({} good images, {} bad inputs, {} unreadable messages) done in {} ms; {}",
                        expected, good.size(), reasons.size(), raw.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), worker.stats());
                failureText = String.valueOf(worker.failure()) + worker.stats() + config;
            }
            assertThat(predictions.size() + deadLetters.size()).isEqualTo(expected);
            assertThat(predictions).extracting(Prediction::uri).containsExactlyInAnyOrderElementsOf(good.stream().map(ImageRef::uri).toList());

            Map<String, DeadLetter> byUri = new HashMap<>();
            deadLetters.stream().filter(d -> d.reference() != null).forEach(d -> assertThat(byUri.put(d.reference().uri(), d)).isNull());
            assertThat(byUri.keySet()).containsExactlyInAnyOrderElementsOf(reasons.keySet());
            reasons.forEach((uri, reason) -> {
                DeadLetter d = byUri.get(uri);
                log.info("dead letter {} {}{}: {}", d.stage(), d.retriable() ? "(retriable) " : "", uri, d.reason());
                assertThat(d.reason()).as(uri).startsWith(reason);
                assertThat(d.stage()).as(uri).isEqualTo(stages.get(uri));
                assertThat(d.retriable()).as("retriable: %s", uri).isEqualTo(uri.endsWith("flaky.jpg"));
            });
            // Refused before the body was downloaded: less than half of it went through the proxy.
            log.info("huge.jpg: {} of its {} bytes reached the worker before it was refused",
                    proxy.responseBytes("/dogs/huge.jpg"), bigObject.length);
            assertThat(proxy.responseBytes("/dogs/huge.jpg")).as("bytes of huge.jpg sent").isLessThan(bigObject.length / 2);
            assertThat(webProxy.requests("/admin")).as("requests for a refused URL").isZero();

            List<DeadLetter> unreadable = deadLetters.stream().filter(d -> d.reference() == null).toList();
            assertThat(unreadable).hasSize(raw.size()).allSatisfy(d -> {
                assertThat(d.stage()).isEqualTo(FailureStage.PARSE);
                assertThat(d.imageId()).startsWith("raw:" + topics.images() + "-");
                log.info("dead letter PARSE {}: {}", d.imageId(), d.reason());
            });
            raw.forEach((what, bytes) -> assertThat(unreadable).as(what)
                    .anySatisfy(d -> assertThat(Base64.getDecoder().decode(d.rawBase64())).isEqualTo(bytes)));
            assertThat(unreadable).extracting(DeadLetter::reason)
                    .anySatisfy(r -> assertThat(r).contains("not valid JSON"))
                    .anySatisfy(r -> assertThat(r).contains("schemaVersion " + (Schema.VERSION + 1)))
                    .allSatisfy(r -> assertThat(r).isNotBlank());

            // No secret anywhere: published messages, every log event at every level, error texts.
            List<String> texts = new ArrayList<>(published);
            texts.add(failureText);
            deadLetters.forEach(d -> texts.add(d.reason() + " " + d.exceptionType()));
            for (ILoggingEvent e : logs.list) {
                texts.add(e.getLoggerName() + " " + e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
            log.info("checked {} log events and {} published messages for the canaries", logs.list.size(), published.size());
            assertThat(logs.list.size()).as("log events captured (DEBUG included)").isGreaterThan(50);
            // The settings holding the canaries were logged, masked: the check above is not vacuous.
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("sasl.jaas.config=****", "ssl.key.password=****"));
            for (String secret : SECRETS) {
                assertThat(texts).as("texts containing %s", secret).noneMatch(t -> t.contains(secret));
            }
            assertThat(published).as("messages containing the access key id").noneMatch(t -> t.contains(ACCESS_KEY));
            System.out.printf("RELIABILITY BadInputIT: submitted=%d rows=%d deadLetters=%d (bad inputs=%d, unreadable messages=%d) "
                    + "duplicates=0 lost=0 secretsFound=0 logEventsChecked=%d%n", expected, predictions.size(), deadLetters.size(),
                    reasons.size(), raw.size(), logs.list.size());
        } finally {
            restoreLogs(logs);
            s3proxy.stop();
            web.stop(0);
        }
    }

    private static void expect(Map<String, String> reasons, Map<String, FailureStage> stages, String uri, FailureStage stage, String reason) {
        reasons.put(uri, reason);
        stages.put(uri, stage);
    }

    @Test
    void decompressionBombsAreRefusedFromTheHeaderQuickly() throws Exception {
        ImageDecoder decoder = new ImageDecoder(WorkerConfig.MAX_IMAGE_PIXELS_DEFAULT);
        for (byte[] bomb : List.of(pngBomb(100_000, 100_000), jpegBomb(65_500, 65_500))) {
            Runtime rt = Runtime.getRuntime();
            long t0 = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(bomb))
                    .hasMessageContaining("more than the limit of 100000000 (BREEDLINE_MAX_IMAGE_PIXELS)");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            log.info("{}-byte bomb refused in {} ms (heap {} MiB used of {} MiB max)", bomb.length, ms,
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
            assertThat(ms).isLessThan(1000);
        }
    }

    // ---- inputs

    /** A valid PNG signature and IHDR (CRC included) claiming width x height RGB pixels, a tiny IDAT and IEND. */
    static byte[] pngBomb(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0, 0, 0, 1, 0, 1});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A real JPEG whose SOF0 header is rewritten to claim width x height pixels: the classic pixel bomb. */
    static byte[] jpegBomb(int width, int height) {
        byte[] jpeg = TestImages.jpeg(16, 16, Color.ORANGE);
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 marker in the test JPEG");
    }

    /** The start of an HEIF/HEIC file: an ftyp box with brand heic. */
    static byte[] heic() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0x18});
        out.writeBytes("ftypheic".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 0, 0});
        out.writeBytes("mif1heic".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[200]);
        return out.toByteArray();
    }

    // ---- servers and plumbing

    /** An S3 server that accepts only the canary keys. */
    private S3Proxy startS3Proxy() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("s3"));
        S3Proxy s3proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3proxy.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3proxy.getState()));
        return s3proxy;
    }

    private static HttpServer startWebServer() throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] photo = TestImages.jpeg(50, 40, Color.WHITE);
        web.createContext("/", x -> {
            if (x.getRequestURI().getPath().equals("/dogs/web.jpg")) {
                x.sendResponseHeaders(200, photo.length);
                x.getResponseBody().write(photo);
            } else {
                x.sendResponseHeaders(200, 6);
                x.getResponseBody().write("secret".getBytes(StandardCharsets.UTF_8));
            }
            x.close();
        });
        web.start();
        return web;
    }

    private static void put(S3Client client, String bucket, String key, byte[] bytes) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private static ImageRef ref(String uri) {
        return ImageRef.of(uri, null, null, null, "job-bad", Instant.now());
    }

    private static void produce(KafkaServer kafka, String topic, List<ImageRef> refs, Iterable<byte[]> raw) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ImageRef r : refs) {
                p.send(new ProducerRecord<>(topic, r.imageId().getBytes(StandardCharsets.UTF_8), Json.write(r))).get();
            }
            for (byte[] value : raw) {
                p.send(new ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8), value)).get();
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> reader(KafkaServer kafka, Topics topics) {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, Names.unique("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topics.predictions(), topics.deadLetters()));
        return c;
    }

    // Kafka clients log their whole configuration at INFO; their DEBUG is thousands of lines of fetch sessions.
    private static final Map<String, Level> LOUDER = Map.of("io.breedline", Level.DEBUG, "software.amazon.awssdk", Level.DEBUG,
            "org.apache.kafka.clients", Level.INFO, "org.apache.kafka.common.config", Level.INFO);
    private static final Map<String, Level> SAVED = new HashMap<>();

    /** Every event from now on, DEBUG included for our code, the AWS SDK and the Kafka clients. */
    private static ListAppender<ILoggingEvent> captureAllLogs() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        LOUDER.forEach((name, level) -> {
            ch.qos.logback.classic.Logger l = ctx.getLogger(name);
            SAVED.put(name, l.getLevel());
            l.setLevel(level);
        });
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(ctx);
        appender.start();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    private static void restoreLogs(ListAppender<ILoggingEvent> appender) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        SAVED.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
    }
}
