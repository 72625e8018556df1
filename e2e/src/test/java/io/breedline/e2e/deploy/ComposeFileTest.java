package io.breedline.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breedline.clients.kafka.KafkaSettings;
import io.breedline.ingest.trigger.TriggerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * There is no Docker engine to run docker-compose.yml here, so this keeps it in step with the code: every
 * BREEDLINE_* key it sets must be read somewhere in the services' main code, and every command it runs must exist.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BOOTSTRAP = KafkaSettings.PREFIX + "BOOTSTRAP_SERVERS";
    private static final String MINIO_KAFKA = "MINIO_NOTIFY_KAFKA_";
    // MinIO names a target arn:minio:sqs:<region>:<id>:<type>; <id> is the suffix of its environment keys, as written.
    private static final Pattern ARN = Pattern.compile("arn:minio:sqs:([^:\\s'\")]*):([^:\\s'\")]+):([^:\\s'\")]+)");
    private static JsonNode compose;
    private static String mainSources;

    @BeforeAll
    static void load() throws IOException {
        // SnakeYAML resolves aliases and merge keys (<<: *common) as compose does, so each service shows its effective
        // image, command and environment. (Jackson's YAML parser reads an alias as the anchor's name: the services
        // built on x-breedline-common would show neither their image nor the shared variables.)
        Object yaml = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(ROOT.resolve("docker-compose.yml")));
        compose = new ObjectMapper().valueToTree(yaml);
        try (Stream<Path> files = Files.walk(ROOT)) {
            mainSources = files
                    .filter(p -> p.toString().contains("/src/main/java/") && p.toString().endsWith(".java"))
                    .map(ComposeFileTest::read)
                    .collect(Collectors.joining("\n"));
        }
    }

    @Test
    void everyBreedlineKeyIsReadByTheCode() {
        Set<String> unknown = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.get("services").fields(); it.hasNext(); ) {
            JsonNode env = it.next().getValue().get("environment");
            if (env == null) {
                continue;
            }
            env.fieldNames().forEachRemaining(k -> {
                if (k.startsWith("BREEDLINE_")) {
                    keys.add(k);
                    // Kafka client properties pass through by prefix (KafkaSettings), so any BREEDLINE_KAFKA_ key is read.
                    boolean passThrough = k.startsWith("BREEDLINE_KAFKA_");
                    if (!passThrough && !mainSources.contains("\"" + k + "\"")) {
                        unknown.add(k);
                    }
                }
            });
        }
        assertThat(keys).as("compose sets BREEDLINE_* keys, the shared ones (x-breedline-common) included")
                .contains("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "BREEDLINE_TOPIC_LABELED", "BREEDLINE_MODEL");
        assertThat(unknown).as("keys in docker-compose.yml that no service reads").isEmpty();
    }

    /**
     * Services on the {@code breedline} image run the service module's commands (what the image ships); the one-shot
     * {@code model-init} runs the Dockerfile's {@code tools} target, the development command line.
     */
    @Test
    void everyServiceCommandIsARealCommandOfItsImage() {
        Map<String, CommandLine> images = Map.of(
                "breedline:", new CommandLine(new io.breedline.service.Main()),
                "breedline-tools:", io.breedline.cli.Main.commandLine());
        Set<String> checked = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.get("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode image = service.getValue().get("image");
            JsonNode command = service.getValue().get("command");
            if (image == null || !image.asText().startsWith("breedline") || command == null) {
                continue;
            }
            CommandLine cli = images.entrySet().stream()
                    .filter(e -> image.asText().startsWith(e.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("service " + service.getKey() + ": unknown image " + image));
            for (JsonNode word : command) {
                String sub = word.asText();
                if (sub.startsWith("-") || cli.getSubcommands().isEmpty()) {
                    break; // the rest are the command's options and arguments
                }
                assertThat(cli.getSubcommands()).as("service %s (image %s) runs '%s'", service.getKey(), image.asText(),
                        command).containsKey(sub);
                cli = cli.getSubcommands().get(sub);
            }
            checked.add(service.getKey());
        }
        // The services take their image from x-breedline-common: had the merge not been resolved, none was checked.
        assertThat(checked).contains("worker", "sink", "ingest", "ingest-trigger", "web", "model-init");
    }

    /** The service image does not carry the demo model's builder: only the tools image can run model-init. */
    @Test
    void theServiceImageHasNoDevelopmentCommands() {
        CommandLine service = new CommandLine(new io.breedline.service.Main());
        assertThat(service.getSubcommands()).doesNotContainKeys("label", "kafka", "bench");
        assertThat(service.getSubcommands().get("model").getSubcommands()).doesNotContainKey("build-demo");
        assertThat(io.breedline.cli.Main.commandLine().getSubcommands().get("model").getSubcommands())
                .containsKey("build-demo");
    }

    @Test
    void minioNotifiesTheTopicAndBrokersTheIngestTriggerReads() {
        assertThat(notifyWiringProblems(compose)).isEmpty();
    }

    /** The check above must fail for each way the two sides of the wiring can drift apart. */
    @Test
    void theNotifyWiringCheckCatchesEachWayItCanDrift() {
        assertThat(problemsAfter(c -> environment(minio(c)).put(MINIO_KAFKA + "TOPIC_PRIMARY", "breedline.other-events")))
                .anySatisfy(p -> assertThat(p).contains("topic 'breedline.other-events'"));
        assertThat(problemsAfter(c -> environment(trigger(c)).put(TriggerConfig.KAFKA_TOPIC, "breedline.renamed-events")))
                .anySatisfy(p -> assertThat(p).contains("reads 'breedline.renamed-events'"));
        assertThat(problemsAfter(c -> environment(minio(c)).put(MINIO_KAFKA + "BROKERS_PRIMARY", "kafka:9093")))
                .anySatisfy(p -> assertThat(p).contains("brokers [kafka:9093]"));
        assertThat(problemsAfter(c -> environment(trigger(c)).put(BOOTSTRAP, "broker-2:9092")))
                .anySatisfy(p -> assertThat(p).contains("is [broker-2:9092]"));
        assertThat(problemsAfter(c -> environment(minio(c)).put(MINIO_KAFKA + "ENABLE_PRIMARY", "off")))
                .anySatisfy(p -> assertThat(p).contains("no enabled notify_kafka target 'PRIMARY'"));
        String add = "mc event add local/photos arn:minio:sqs::PRIMARY:kafka";
        assertThat(problemsAfter(c -> replaceInInit(c, add, "mc event add local/photos arn:minio:sqs::SECONDARY:kafka")))
                .anySatisfy(p -> assertThat(p).contains("no enabled notify_kafka target 'SECONDARY'"));
        assertThat(problemsAfter(c -> replaceInInit(c, add, "mc event add local/photos arn:minio:sqs::PRIMARY:webhook")))
                .anySatisfy(p -> assertThat(p).contains("not a kafka target"));
        assertThat(problemsAfter(c -> replaceInInit(c, "grep -q 'arn:minio:sqs::PRIMARY:kafka'",
                "grep -q 'arn:minio:sqs::primary:kafka'")))
                .anySatisfy(p -> assertThat(p).contains("mentions arn:minio:sqs::primary:kafka"));
        assertThat(problemsAfter(c -> replaceInInit(c, "mc event add local/photos", "mc event add local/pictures")))
                .anySatisfy(p -> assertThat(p).contains("bucket 'local/pictures'"));
    }

    /**
     * Where MinIO's notify_kafka and the ingest trigger disagree: the bucket notification's ARN must name an enabled
     * Kafka target, whose topic and brokers must be the ones the trigger reads. Empty when they agree.
     */
    static List<String> notifyWiringProblems(JsonNode compose) {
        List<String> problems = new ArrayList<>();
        Map<String, String> minioEnv = env(minio(compose));
        Map<String, String> triggerEnv = env(trigger(compose));
        String triggerTopic = triggerEnv.get(TriggerConfig.KAFKA_TOPIC);
        Set<String> triggerBrokers = hosts(triggerEnv.getOrDefault(BOOTSTRAP, KafkaSettings.BOOTSTRAP_DEFAULT));
        if (triggerTopic == null) {
            problems.add("the ingest trigger sets no " + TriggerConfig.KAFKA_TOPIC);
        }
        String init = initCommand(compose);
        Matcher add = Pattern.compile("mc event add((?:\\s+--?\\S+(?:\\s+[^\\s/]+)?)*)\\s+(\\S+)\\s+(arn:[^\\s'\")]+)").matcher(init);
        if (!add.find()) {
            problems.add("no 'mc event add ALIAS/BUCKET ARN' in the MinIO init command: " + init);
            return problems;
        }
        String target = add.group(2);
        String arn = add.group(3);
        Matcher mb = Pattern.compile("mc mb(?:\\s+--\\S+)*\\s+(\\S+)").matcher(init);
        if (!mb.find() || !mb.group(1).equals(target)) {
            problems.add("'mc event add' names the bucket '" + target + "' but the init command creates "
                    + (mb.find(0) ? "'" + mb.group(1) + "'" : "no bucket"));
        }
        // The idempotence guard must look for the ARN it adds, or the rule is never added (or added on every start).
        Matcher every = ARN.matcher(init);
        while (every.find()) {
            if (!every.group().equals(arn)) {
                problems.add("the init command mentions " + every.group() + " besides the ARN it adds, " + arn);
            }
        }
        Matcher parts = ARN.matcher(arn);
        if (!parts.matches()) {
            problems.add("'" + arn + "' is not a MinIO notification ARN (arn:minio:sqs:REGION:ID:TYPE)");
            return problems;
        }
        String region = minioEnv.getOrDefault("MINIO_SITE_REGION", minioEnv.getOrDefault("MINIO_REGION", ""));
        if (!parts.group(1).equals(region)) {
            problems.add(arn + " has region '" + parts.group(1) + "' but MinIO's region is '" + region + "'");
        }
        if (!parts.group(3).equals("kafka")) {
            problems.add(arn + " is not a kafka target");
        }
        String id = parts.group(2);
        String suffix = id.equals("_") ? "" : "_" + id; // MinIO's default target has no suffix and the id '_'
        if (!Set.of("on", "true").contains(minioEnv.getOrDefault(MINIO_KAFKA + "ENABLE" + suffix, "off").toLowerCase(Locale.ROOT))) {
            problems.add(arn + " names no enabled notify_kafka target '" + id + "' (" + MINIO_KAFKA + "ENABLE" + suffix + ")");
            return problems;
        }
        String topic = minioEnv.get(MINIO_KAFKA + "TOPIC" + suffix);
        if (topic == null || !topic.equals(triggerTopic)) {
            problems.add("MinIO's notify_kafka target '" + id + "' sends to topic '" + topic + "' but the ingest trigger reads '"
                    + triggerTopic + "' (" + TriggerConfig.KAFKA_TOPIC + ")");
        }
        Set<String> minioBrokers = hosts(minioEnv.getOrDefault(MINIO_KAFKA + "BROKERS" + suffix, ""));
        if (!minioBrokers.equals(triggerBrokers)) {
            problems.add("MinIO's notify_kafka target '" + id + "' sends to brokers " + minioBrokers + " but the ingest trigger's "
                    + BOOTSTRAP + " is " + triggerBrokers);
        }
        return problems;
    }

    private static ObjectNode environment(ObjectNode service) {
        return (ObjectNode) service.get("environment");
    }

    private static ObjectNode minio(JsonNode compose) {
        return service(compose, s -> s.path("image").asText().startsWith("minio/minio"), "the MinIO server");
    }

    private static ObjectNode trigger(JsonNode compose) {
        return service(compose, s -> s.path("command").toString().equals("[\"ingest\",\"trigger\"]"), "the ingest trigger");
    }

    private static String initCommand(JsonNode compose) {
        ObjectNode init = service(compose, s -> s.path("image").asText().startsWith("minio/mc"), "the MinIO init (mc)");
        StringBuilder command = new StringBuilder();
        init.path("command").forEach(part -> command.append(part.asText()).append(' '));
        return command.toString().replaceAll("\\s+", " ");
    }

    private static ObjectNode service(JsonNode compose, java.util.function.Predicate<JsonNode> which, String what) {
        List<JsonNode> found = new ArrayList<>();
        compose.get("services").forEach(s -> {
            if (which.test(s)) {
                found.add(s);
            }
        });
        assertThat(found).as("one service in docker-compose.yml is " + what).hasSize(1);
        return (ObjectNode) found.get(0);
    }

    /** A service's environment, in either of compose's forms (a map, or a list of KEY=VALUE). */
    private static Map<String, String> env(JsonNode service) {
        Map<String, String> env = new java.util.HashMap<>();
        JsonNode e = service.path("environment");
        if (e.isArray()) {
            e.forEach(kv -> {
                String[] pair = kv.asText().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        } else {
            e.fields().forEachRemaining(kv -> env.put(kv.getKey(), kv.getValue().asText()));
        }
        return env;
    }

    private static Set<String> hosts(String list) {
        return Stream.of(list.split(",")).map(String::strip).filter(h -> !h.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The problems of a copy of docker-compose.yml with one change. */
    private static List<String> problemsAfter(java.util.function.Consumer<JsonNode> change) {
        JsonNode copy = compose.deepCopy();
        change.accept(copy);
        return notifyWiringProblems(copy);
    }

    private static void replaceInInit(JsonNode compose, String from, String to) {
        ObjectNode init = service(compose, s -> s.path("image").asText().startsWith("minio/mc"), "the MinIO init (mc)");
        String command = init.get("command").get(0).asText();
        assertThat(command).as("the init command to edit").contains(from);
        ((ArrayNode) init.get("command")).set(0, command.replace(from, to));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
