package io.breedline.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.breedline.clients.config.Settings;
import io.breedline.clients.ops.OpsSettings;
import io.breedline.contracts.Lane;
import io.breedline.contracts.Topics;
import io.breedline.service.Main;
import io.breedline.worker.WorkerConfig;
import io.breedline.worker.inference.DeviceChoice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * No kubeconform or cluster here to validate deploy/k8s, so this parses every manifest and checks what matters
 * against the code: known kinds, real commands, BREEDLINE_* names the services read, secrets only by reference,
 * probes and scrape annotations on the ops endpoints, graceful stop, GPU settings, and KEDA within the partitions the
 * topics job creates.
 */
class DeployManifestsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final Set<String> KINDS = Set.of("v1/ConfigMap", "v1/Service", "apps/v1/Deployment", "batch/v1/Job",
            "keda.sh/v1alpha1/ScaledObject", "kustomize.config.k8s.io/v1beta1/Kustomization");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|JAAS|TOKEN|ACCESS_KEY).*");
    // Beyond the shutdown timeout, the worker takes up to this long to close its Kafka clients and model (Worker).
    private static final Duration WORKER_CLOSE_SLACK = Duration.ofSeconds(15);
    private static final Map<String, Integer> OPS_PORT_DEFAULTS = Map.of(
            "worker", OpsSettings.WORKER_PORT_DEFAULT,
            "sink", OpsSettings.SINK_PORT_DEFAULT,
            "ingest", OpsSettings.INGEST_PORT_DEFAULT);

    private static final Map<Path, JsonNode> docs = new HashMap<>();
    private static String serviceSources;

    @BeforeAll
    static void load() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                List<JsonNode> inFile = yaml.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile()).readAll();
                assertThat(inFile).as("%s holds one manifest", f).hasSize(1);
                docs.put(f, inFile.get(0));
            }
        }
        // What the services read: Java sources and resources (logback reads BREEDLINE_LOG_FORMAT).
        try (Stream<Path> files = Files.walk(ROOT)) {
            serviceSources = files.filter(p -> p.toString().contains("/src/main/") && !p.toString().contains("/target/"))
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".xml"))
                    .map(DeployManifestsTest::read).collect(Collectors.joining("\n"));
        }
    }

    @Test
    void everyManifestIsAKnownKindAndNoneHoldsASecret() {
        assertThat(docs).hasSizeGreaterThanOrEqualTo(9);
        docs.forEach((file, d) -> {
            assertThat(d.path("apiVersion").asText() + "/" + d.path("kind").asText()).as("%s", file).isIn(KINDS);
            if (!d.path("kind").asText().equals("Kustomization")) {
                assertThat(d.at("/metadata/name").asText()).as("%s metadata.name", file).isNotBlank();
            }
        });
    }

    @Test
    void kustomizationListsFilesThatExist() {
        JsonNode k = only("Kustomization");
        assertThat(k.get("resources")).isNotEmpty();
        k.get("resources").forEach(r -> assertThat(K8S.resolve(r.asText())).as("kustomization resource").exists());
    }

    @Test
    void whatIsAppliedByDefaultNeverRunsMoreWorkersThanPartitions() {
        // A consumer beyond the partition count gets no partition: it idles on its node. Count every worker Deployment
        // the kustomization applies: a scaled one at its ScaledObject's maximum, the others at their replicas.
        List<JsonNode> applied = new ArrayList<>();
        only("Kustomization").get("resources").forEach(r -> applied.add(docs.get(K8S.resolve(r.asText()))));
        Map<String, Integer> maxByScaledName = new HashMap<>();
        applied.stream().filter(d -> d.path("kind").asText().equals("ScaledObject")).forEach(s ->
                maxByScaledName.put(s.at("/spec/scaleTargetRef/name").asText(), s.at("/spec/maxReplicaCount").asInt()));
        int consumers = 0;
        for (JsonNode d : applied) {
            if (d.path("kind").asText().equals("Deployment")
                    && containers(d).get(0).at("/args/0").asText().equals("worker")) {
                String name = d.at("/metadata/name").asText();
                consumers += maxByScaledName.getOrDefault(name, d.at("/spec/replicas").asInt(1));
            }
        }
        assertThat(consumers).as("worker consumers at most, applied by default").isPositive()
                .isLessThanOrEqualTo(imagesPartitions());
    }

    @Test
    void everyContainerRunsARealBreedlineCommand() {
        CommandLine cli = new CommandLine(new Main());
        List<JsonNode> checked = new ArrayList<>();
        workloads().forEach((file, w) -> containers(w).forEach(c -> {
            if (!c.path("image").asText().startsWith("breedline")) {
                return;
            }
            JsonNode args = c.path("args");
            assertThat(args.isArray() && !args.isEmpty()).as("%s: container %s has args", file, c.path("name")).isTrue();
            assertThat(cli.getSubcommands()).as("%s runs '%s'", file, args.get(0).asText()).containsKey(args.get(0).asText());
            checked.add(c);
        }));
        assertThat(checked).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void everyBreedlineNameIsReadByTheServices() {
        Set<String> names = new TreeSet<>();
        only("ConfigMap").get("data").fieldNames().forEachRemaining(names::add);
        workloads().values().forEach(w -> containers(w).forEach(c -> names.addAll(env(c).keySet())));
        Set<String> unknown = names.stream()
                .filter(n -> n.startsWith("BREEDLINE_") && !n.startsWith("BREEDLINE_KAFKA_")) // Kafka keys pass through
                .filter(n -> !serviceSources.contains("\"" + n + "\"") && !serviceSources.contains("${" + n))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).contains(Topics.IMAGES_ENV, WorkerConfig.MODEL, OpsSettings.PORT);
        assertThat(unknown).as("BREEDLINE_* names in deploy/k8s that no service reads").isEmpty();
    }

    @Test
    void secretsComeOnlyFromSecretKeyRefs() {
        only("ConfigMap").get("data").fieldNames().forEachRemaining(
                k -> assertThat(k).as("ConfigMap key").doesNotMatch(SECRET_NAME));
        int refs = 0;
        for (JsonNode w : workloads().values()) {
            for (JsonNode c : containers(w)) {
                for (JsonNode e : c.path("env")) {
                    if (SECRET_NAME.matcher(e.path("name").asText()).matches()) {
                        assertThat(e.has("value")).as("%s has a literal value", e.path("name")).isFalse();
                        assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).as("%s from a Secret", e.path("name"))
                                .isNotBlank();
                        assertThat(e.at("/valueFrom/secretKeyRef/key").asText()).isNotBlank();
                        refs++;
                    }
                }
            }
        }
        assertThat(refs).isGreaterThanOrEqualTo(5);
    }

    @Test
    void deploymentsProbeAndExposeTheOpsEndpoints() {
        Map<Path, JsonNode> deployments = ofKind("Deployment");
        assertThat(deployments).hasSize(5); // worker, GPU worker, sink, ingest trigger, web
        deployments.forEach((file, d) -> {
            JsonNode c = containers(d).get(0);
            int opsPort = opsPort(c);
            assertThat(port(c, c.at("/livenessProbe/httpGet/port"))).as("%s liveness port", file).isEqualTo(opsPort);
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).as("%s liveness", file).isEqualTo("/health/live");
            assertThat(port(c, c.at("/readinessProbe/httpGet/port"))).as("%s readiness port", file).isEqualTo(opsPort);
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).as("%s readiness", file).isEqualTo("/health/ready");
            JsonNode annotations = d.at("/spec/template/metadata/annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).as("%s scrape", file).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asText()).as("%s scrape port", file)
                    .isEqualTo(Integer.toString(opsPort));
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
            assertThat(c.at("/resources/requests/memory").asText()).as("%s memory request", file).isNotBlank();
            assertThat(c.at("/resources/limits/memory").asText()).as("%s memory limit", file).isNotBlank();
            assertThat(d.at("/spec/selector/matchLabels")).isEqualTo(d.at("/spec/template/metadata/labels"));
        });
    }

    @Test
    void workersOutliveTheirShutdownTimeoutAndHoldTheirMeasuredMemory() {
        workers().forEach((file, d) -> {
            Map<String, String> env = env(containers(d).get(0));
            Duration shutdown = Settings.of(env).duration(WorkerConfig.SHUTDOWN_TIMEOUT, WorkerConfig.SHUTDOWN_TIMEOUT_DEFAULT);
            long grace = d.at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
            assertThat(Duration.ofSeconds(grace)).as("%s grace period", file).isGreaterThan(shutdown.plus(WORKER_CLOSE_SLACK));
            // Measured 2.7-2.9 GiB peak RSS at batch 32 on CPU (BENCHMARKS.md).
            assertThat(gib(containers(d).get(0).at("/resources/limits/memory").asText())).as("%s memory", file)
                    .isGreaterThanOrEqualTo(3.5);
        });
    }

    @Test
    void workersKeepDecodedImagesOutOfHumongousAllocations() {
        workers().forEach((file, d) -> assertThat(env(containers(d).get(0)).get("JAVA_TOOL_OPTIONS"))
                .as("%s JAVA_TOOL_OPTIONS", file).contains("-XX:G1HeapRegionSize=4m"));
    }

    @Test
    void theGpuWorkerHasOneGpuPerProcessAndGrowsItsMemory() {
        Map<Path, JsonNode> gpu = new HashMap<>();
        workers().forEach((file, d) -> {
            JsonNode c = containers(d).get(0);
            DeviceChoice device = DeviceChoice.parse(env(c).getOrDefault(WorkerConfig.DEVICE, "auto"));
            if (device.kind() == DeviceChoice.Kind.GPU) {
                gpu.put(file, d);
                assertThat(c.at("/resources/limits/nvidia.com~1gpu").asInt()).as("%s GPUs", file).isEqualTo(1);
                assertThat(c.at("/resources/requests/nvidia.com~1gpu").asInt()).as("%s GPUs", file).isEqualTo(1);
                assertThat(env(c)).as("%s", file).containsEntry("TF_FORCE_GPU_ALLOW_GROWTH", "true");
            } else {
                assertThat(c.at("/resources/limits").has("nvidia.com/gpu")).as("%s: a CPU worker takes no GPU", file).isFalse();
            }
        });
        assertThat(gpu).hasSize(1);
    }

    @Test
    void topicsJobCreatesMatchingImagesAndLabeledTopicsAndCompactsJobs() {
        String script = topicsScript();
        assertThat(imagesPartitions()).isPositive();
        assertThat(createLine(script, "BREEDLINE_TOPIC_IMAGES")).contains("--partitions \"$IMAGES_PARTITIONS\"");
        assertThat(createLine(script, Topics.PRIORITY_ENV)).as("the priority lane: as many partitions as the bulk lane")
                .contains("--partitions \"$IMAGES_PARTITIONS\"");
        assertThat(script).as("the job refuses a priority topic of another partition count")
                .contains("for topic in \"$" + Topics.PRIORITY_ENV + "\" \"$BREEDLINE_TOPIC_LABELED\"");
        assertThat(createLine(script, "BREEDLINE_TOPIC_LABELED"))
                .contains("--partitions \"$IMAGES_PARTITIONS\"").contains("cleanup.policy=compact");
        assertThat(createLine(script, "BREEDLINE_TOPIC_JOBS")).contains("cleanup.policy=compact");
        assertThat(createLine(script, "BREEDLINE_TOPIC_PREDICTIONS")).isNotEmpty();
        assertThat(createLine(script, "BREEDLINE_TOPIC_DEAD_LETTERS")).isNotEmpty();
        Map<String, String> config = configMap();
        for (String topic : List.of(Topics.IMAGES_ENV, Topics.PRIORITY_ENV, Topics.PREDICTIONS_ENV,
                Topics.DEAD_LETTERS_ENV, "BREEDLINE_TOPIC_LABELED", "BREEDLINE_TOPIC_JOBS")) {
            assertThat(config).as("the ConfigMap names every topic the job creates").containsKey(topic);
        }
    }

    @Test
    void kedaScalesTheWorkersOnTheirOwnLagWithinThePartitions() {
        Map<Path, JsonNode> scaled = ofKind("ScaledObject");
        assertThat(scaled).hasSize(2);
        Map<String, String> config = configMap();
        Set<Integer> minimums = new TreeSet<>();
        scaled.forEach((file, s) -> {
            JsonNode target = deployment(s.at("/spec/scaleTargetRef/name").asText());
            Map<String, String> workerEnv = env(containers(target).get(0));
            assertThat(containers(target).get(0).at("/args/0").asText()).as("%s scales workers", file).isEqualTo("worker");
            int max = s.at("/spec/maxReplicaCount").asInt(-1);
            int min = s.at("/spec/minReplicaCount").asInt(-1);
            assertThat(max).as("%s maxReplicaCount <= partitions", file).isBetween(1, imagesPartitions());
            assertThat(min).as("%s minReplicaCount", file).isBetween(0, max);
            minimums.add(min);
            // One trigger per lane, each on the workers' own group and the lane's topic as the services name it.
            Map<Lane, Integer> thresholds = new EnumMap<>(Lane.class);
            s.at("/spec/triggers").forEach(trigger -> {
                assertThat(trigger.path("type").asText()).isEqualTo("kafka");
                JsonNode m = trigger.path("metadata");
                assertThat(m.path("consumerGroup").asText()).as("%s consumer group", file)
                        .isEqualTo(workerEnv.getOrDefault(WorkerConfig.GROUP_ID, WorkerConfig.GROUP_ID_DEFAULT));
                Lane lane = Lane.ofTopic(Topics.fromEnv(workerEnv), m.path("topic").asText());
                assertThat(lane).as("%s: topic %s is a lane's topic", file, m.path("topic").asText()).isNotNull();
                assertThat(m.path("bootstrapServers").asText()).isEqualTo(config.get("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS"));
                int threshold = Integer.parseInt(m.path("lagThreshold").asText("0"));
                assertThat(threshold).as("%s lagThreshold", file).isPositive();
                assertThat(Integer.parseInt(m.path("activationLagThreshold").asText("-1"))).isNotNegative();
                assertThat(m.path("allowIdleConsumers").asText()).isEqualTo("false");
                assertThat(thresholds.put(lane, threshold)).as("%s: one trigger for the %s lane", file, lane).isNull();
            });
            assertThat(thresholds).as("%s scales on both lanes", file).containsOnlyKeys(Lane.PRIORITY, Lane.BULK);
            assertThat(thresholds.get(Lane.PRIORITY)).as("%s: a priority backlog scales out on a lower threshold", file)
                    .isLessThan(thresholds.get(Lane.BULK));
        });
        assertThat(minimums).as("a default and a scale-to-zero option").contains(0).hasSize(2);
    }

    // --- reading the manifests

    private static Map<Path, JsonNode> ofKind(String kind) {
        return docs.entrySet().stream().filter(e -> e.getValue().path("kind").asText().equals(kind))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static JsonNode only(String kind) {
        Map<Path, JsonNode> all = ofKind(kind);
        assertThat(all).as("one %s", kind).hasSize(1);
        return all.values().iterator().next();
    }

    private static Map<Path, JsonNode> workloads() {
        Map<Path, JsonNode> w = new HashMap<>(ofKind("Deployment"));
        w.putAll(ofKind("Job"));
        return w;
    }

    private static Map<Path, JsonNode> workers() {
        return ofKind("Deployment").entrySet().stream()
                .filter(e -> containers(e.getValue()).get(0).at("/args/0").asText().equals("worker"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static JsonNode deployment(String name) {
        return ofKind("Deployment").values().stream().filter(d -> d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    private static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> list = new ArrayList<>();
        workload.at("/spec/template/spec/containers").forEach(list::add);
        assertThat(list).as("containers of %s", workload.at("/metadata/name")).isNotEmpty();
        return list;
    }

    /** The container's environment: its ConfigMap (envFrom) first, then its own env, values as written. */
    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        if (container.path("envFrom").isArray() && !container.path("envFrom").isEmpty()) {
            env.putAll(configMap());
        }
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText("")));
        return env;
    }

    private static Map<String, String> configMap() {
        Map<String, String> data = new HashMap<>();
        only("ConfigMap").get("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** The port the service serves its ops endpoints on: BREEDLINE_OPS_PORT, else the command's default. */
    private static int opsPort(JsonNode container) {
        String command = container.at("/args/0").asText();
        String set = env(container).get(OpsSettings.PORT);
        int port = set != null ? Integer.parseInt(set) : OPS_PORT_DEFAULTS.get(command);
        boolean declared = false;
        for (JsonNode p : container.path("ports")) {
            declared |= p.path("containerPort").asInt() == port;
        }
        assertThat(declared).as("container %s declares its ops port %d", container.path("name"), port).isTrue();
        return port;
    }

    /** A probe's port: a number, or the name of one of the container's ports. */
    private static int port(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port named " + port + " in container " + container.path("name"));
    }

    private static String topicsScript() {
        JsonNode job = ofKind("Job").values().stream()
                .filter(j -> containers(j).get(0).path("image").asText().startsWith("apache/kafka"))
                .findFirst().orElseThrow(() -> new AssertionError("no topic-creation Job"));
        JsonNode c = containers(job).get(0);
        // Continuation lines joined, so each create command is one line.
        return c.at("/args/0").asText().replace("\\\n", " ");
    }

    private static int imagesPartitions() {
        JsonNode job = ofKind("Job").values().stream()
                .filter(j -> containers(j).get(0).path("image").asText().startsWith("apache/kafka")).findFirst().orElseThrow();
        return Integer.parseInt(env(containers(job).get(0)).get("IMAGES_PARTITIONS"));
    }

    private static String createLine(String script, String topicVariable) {
        return script.lines().filter(l -> l.strip().startsWith("create ") && l.contains("\"$" + topicVariable + "\""))
                .findFirst().orElse("");
    }

    private static double gib(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Double.parseDouble(quantity.substring(0, quantity.length() - 2));
        }
        if (quantity.endsWith("Mi")) {
            return Double.parseDouble(quantity.substring(0, quantity.length() - 2)) / 1024;
        }
        throw new AssertionError("memory quantity not in Gi or Mi: " + quantity);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
