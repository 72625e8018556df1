package io.breedline.bench;

import io.breedline.bench.command.BenchInfraCommand;
import io.breedline.clients.s3.S3Settings;
import io.breedline.embedded.EmbeddedS3;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's handle on {@link BenchInfra} running in a child process, optionally at a lower scheduling priority:
 * on a worker node the broker, the S3 server and the sink are not there, so on a shared two-core machine they get the
 * CPU the worker leaves rather than competing with the model on equal terms. Their work still runs on the same cores.
 */
final class InfraProcess implements AutoCloseable {
    // The servers stand in for machines of their own: C1 only, so their JIT compiler does not take the CPU (seconds of
    // it per run) that a separate machine would not take from the worker; their own speed matters little here.
    private static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final Path log;
    private final String bootstrapServers;
    private final URI s3Endpoint;

    private InfraProcess(Process process, Path log, String bootstrapServers, URI s3Endpoint) {
        this.process = process;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.s3Endpoint = s3Endpoint;
    }

    static InfraProcess start(Path work, Path sqlite, int partitions, int niceness) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path log = work.resolve("infra.log");
        ProcessBuilder pb = ChildJvm.builder(JVM_OPTIONS, BenchInfraCommand.class.getName(),
                List.of("--work", work.toString(), "--sqlite", sqlite.toString(),
                        "--partitions", Integer.toString(partitions)), niceness)
                .redirectError(log.toFile());
        Process p = pb.start();
        // The announcement is read on another thread so a child that hangs before it cannot hang the benchmark.
        String[] line = new String[1];
        Thread reader = new Thread(() -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith(BenchInfra.READY)) {
                        line[0] = l;
                        return;
                    }
                }
            } catch (IOException e) {
                // the process died: reported below
            }
        }, "bench-infra-reader");
        reader.setDaemon(true);
        reader.start();
        reader.join(TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS));
        if (line[0] == null) {
            ChildJvm.kill(p);
            throw new IllegalStateException("the benchmark's Kafka, S3 and sink process did not start within "
                    + START_TIMEOUT_SECONDS + " s; the end of its log:\n" + ChildJvm.tail(log, 30));
        }
        String kafka = field(line[0], "kafka=");
        URI s3 = URI.create(field(line[0], "s3="));
        return new InfraProcess(p, log, kafka, s3);
    }

    private static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name)) {
                return part.substring(name.length());
            }
        }
        throw new IllegalStateException("no " + name + " in '" + line + "'");
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    S3Settings s3() {
        return S3Settings.forEndpoint(s3Endpoint, EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Closes the child's stdin, which stops it; then waits, and kills it if it hangs. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                ChildJvm.kill(process);
            }
        } catch (IOException e) {
            ChildJvm.kill(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildJvm.kill(process);
        }
    }
}
