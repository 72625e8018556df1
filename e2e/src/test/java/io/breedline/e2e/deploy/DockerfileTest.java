package io.breedline.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.tensorflow.TensorFlowRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * There is no Docker engine here to build the image, so this reads the Dockerfile and checks it against the code: the
 * default target packages the service module and runs its Main; TensorFlow's natives are extracted at build into the
 * directory the image's {@code TENSORFLOW_LIBRARY_PATH} names; compose builds a target that exists.
 */
class DockerfileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FROM = Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENV = Pattern.compile("(\\w+)=(\\S+)");
    private static Map<String, List<String>> stages;
    private static final Map<String, String> bases = new LinkedHashMap<>();

    @BeforeAll
    static void read() throws IOException {
        stages = stages(Files.readString(ROOT.resolve("Dockerfile")));
    }

    /** Instructions per stage, in order, continuation lines joined; comments dropped. */
    static Map<String, List<String>> stages(String dockerfile) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        String joined = dockerfile.replaceAll("\\\\\\n", " ");
        for (String line : joined.split("\n")) {
            String l = line.strip().replaceAll("\\s+", " ");
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            Matcher from = FROM.matcher(l);
            if (from.find()) {
                current = new ArrayList<>();
                String name = from.group(2) == null ? "stage" + out.size() : from.group(2);
                out.put(name, current);
                bases.put(name, from.group(1));
            } else if (current != null) {
                current.add(l);
            }
        }
        return out;
    }

    private static String last(String stage, String instruction) {
        List<String> found = stages.get(stage).stream().filter(i -> i.startsWith(instruction + " ")).toList();
        assertThat(found).as("%s in stage %s", instruction, stage).isNotEmpty();
        return found.get(found.size() - 1);
    }

    /** The stage's environment, its base stages' included. */
    private static Map<String, String> env(String stage) {
        Map<String, String> env = new LinkedHashMap<>();
        if (stages.containsKey(bases.get(stage))) {
            env.putAll(env(bases.get(stage)));
        }
        stages.get(stage).stream().filter(i -> i.startsWith("ENV ")).forEach(i -> {
            Matcher m = ENV.matcher(i);
            while (m.find()) {
                env.put(m.group(1), m.group(2));
            }
        });
        return env;
    }

    @Test
    void theDefaultTargetIsTheServiceRunningItsOwnMain() throws Exception {
        List<String> names = new ArrayList<>(stages.keySet());
        assertThat(names.get(names.size() - 1)).as("the last stage is what `docker build` builds").isEqualTo("service");
        String entry = last("service", "ENTRYPOINT");
        assertThat(entry).contains("\"/app/lib/*\"", "\"io.breedline.service.Main\"");
        Class<?> main = Class.forName("io.breedline.service.Main");
        assertThat(main.getProtectionDomain().getCodeSource().getLocation().getPath())
                .as("the image's main class comes from the service module").contains("/service/target/");
        assertThat(stages.get("service")).contains("COPY --from=build /app/lib /app/lib");
    }

    @Test
    void theBuildPackagesTheServiceModuleAndCopiesItsRuntimeClasspath() throws IOException {
        String build = String.join("\n", stages.get("build"));
        assertThat(build).contains("-Pimage package -pl service,cli -am")
                .contains("cp service/target/lib/*.jar service/target/service-*.jar /app/lib/");
        assertThat(Files.readString(ROOT.resolve("service/pom.xml")))
                .as("the profile the build names copies the runtime classpath to target/lib")
                .contains("<id>image</id>", "${project.build.directory}/lib", "<includeScope>runtime</includeScope>");
    }

    @Test
    void tensorFlowsNativesAreExtractedAtBuildWhereTheImagePointsTheEngine() {
        String extract = stages.get("build").stream()
                .filter(i -> i.contains("io.breedline.tensorflow.TensorFlowRuntime")).findFirst().orElseThrow();
        Matcher root = Pattern.compile("TensorFlowRuntime\\s+(\\S+)").matcher(extract);
        assertThat(root.find()).isTrue();
        Path dir = TensorFlowRuntime.nativeDir(Path.of(root.group(1)));
        assertThat(extract).as("the build checks the library it loads is there").contains("test -f " + dir + "/libjnitensorflow.so");
        for (String stage : List.of("service", "tools")) {
            assertThat(env(stage)).as("stage %s", stage)
                    .containsEntry(TensorFlowRuntime.LIBRARY_PATH, dir.toString())
                    .containsEntry("BREEDLINE_CACHE_DIR", "/var/cache/breedline");
            assertThat(dir.startsWith("/var/cache/breedline"))
                    .as("natives outside the cache dir, where compose and Kubernetes mount volumes").isFalse();
        }
        assertThat(bases).containsEntry("service", "runtime").containsEntry("tools", "runtime");
        assertThat(stages.get("runtime")).contains("COPY --from=build " + root.group(1) + " " + root.group(1));
    }

    @Test
    void theToolsTargetRunsTheDevelopmentCommandLine() throws Exception {
        assertThat(last("tools", "ENTRYPOINT")).contains("\"io.breedline.cli.Main\"");
        Class.forName("io.breedline.cli.Main");
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).contains("target: tools");
    }

    /** The parser above must see stages, joined continuation lines and ENV pairs as Docker does. */
    @Test
    void theParserReadsStagesContinuationsAndEnv() {
        Map<String, List<String>> parsed = stages("""
                # comment
                FROM a AS one
                RUN x \\
                 && y
                ENV A=1 \\
                    B=2
                FROM b
                CMD ["z"]
                """);
        assertThat(parsed).containsOnlyKeys("one", "stage1");
        assertThat(parsed.get("one")).containsExactly("RUN x && y", "ENV A=1 B=2");
    }
}
