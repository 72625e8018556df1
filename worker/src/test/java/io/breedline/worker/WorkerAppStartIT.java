package io.breedline.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The worker service started as an operator starts it, with the mistakes an operator makes: each ends within seconds,
 * exit status 2, in one line that names the variable.
 */
class WorkerAppStartIT {
    @Test
    void aMisspeltVariableStopsTheWorkerNamingTheClosestKnownOne() throws Exception {
        Map<String, String> env = base(closedPort());
        env.put("BREEDLINE_MAX_BATCHSIZE", "8");
        Result r = start(env);
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.lines).as(r.output).hasSize(1);
        assertThat(r.lines.get(0)).contains("BREEDLINE_MAX_BATCHSIZE is not a Breedline setting (the closest is "
                + "BREEDLINE_MAX_BATCH_SIZE)");
    }

    @Test
    void aDurationWithoutUnitIsRefusedWithAnExample() throws Exception {
        Map<String, String> env = base(closedPort());
        env.put("BREEDLINE_MAX_BATCH_DELAY", "5");
        Result r = start(env);
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.lines).as(r.output).hasSize(1);
        assertThat(r.lines.get(0)).contains("BREEDLINE_MAX_BATCH_DELAY='5' has no unit: write 5ms or 5s");
    }

    @Test
    void anUnreachableBrokerEndsTheStartInOneLineNamingItAndTheVariable() throws Exception {
        int port = closedPort();
        Map<String, String> env = base(port);
        env.put("BREEDLINE_STARTUP_TIMEOUT", "3s");
        Result r = start(env);
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.lines).as(r.output).hasSize(1);
        assertThat(r.lines.get(0)).contains("Kafka at 127.0.0.1:" + port + " (BREEDLINE_KAFKA_BOOTSTRAP_SERVERS) could not "
                + "be reached within 3 s").contains("BREEDLINE_STARTUP_TIMEOUT");
    }

    private static Map<String, String> base(int kafkaPort) {
        Map<String, String> env = new HashMap<>();
        env.put("BREEDLINE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
        // Never loaded: every mistake here must stop the worker before the model.
        env.put("BREEDLINE_MODEL", "/nonexistent/model");
        env.put("BREEDLINE_OPS_PORT", "0");
        return env;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed on return: nothing listens there
        }
    }

    record Result(int exit, String output, List<String> lines) {}

    private static Result start(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WorkerApp.class.getName()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("BREEDLINE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return new Result(p.exitValue(), out, out.lines().filter(l -> !l.isBlank()).toList());
    }
}
