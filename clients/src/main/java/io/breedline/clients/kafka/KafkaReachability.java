package io.breedline.clients.kafka;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A service's first contact with Kafka, bounded: a broker that cannot be reached within
 * {@value #TIMEOUT} (default 30 s) stops the service with one line naming the bootstrap servers and the variable,
 * instead of a minute of client warnings ending in "Timeout expired ... awaiting InitProducerId".
 *
 * <p>First a plain TCP connection to one of the bootstrap servers, retried until the deadline: Kafka's clients log a
 * warning for every failed connection attempt, so none is created while nothing answers. Then an admin request,
 * which proves it is a Kafka broker that accepts this client's security settings. Only start-up is bounded: once
 * running, the services ride out a broker outage as before.
 */
public final class KafkaReachability {
    public static final String TIMEOUT = "BREEDLINE_STARTUP_TIMEOUT";
    public static final Duration TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    private static final String BOOTSTRAP = KafkaSettings.PREFIX + "BOOTSTRAP_SERVERS";
    private static final Duration RETRY = Duration.ofMillis(500);

    private KafkaReachability() {}

    public static Duration timeout(Settings settings) {
        Duration t = settings.duration(TIMEOUT, TIMEOUT_DEFAULT);
        if (t.isZero() || t.isNegative()) {
            throw new ConfigException(TIMEOUT, t.toString(), "must be positive");
        }
        return t;
    }

    /** Returns once Kafka answers; throws {@link ConfigException} with one line if it does not within {@code timeout}. */
    public static void await(KafkaSettings kafka, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InetSocketAddress> addresses = addresses(kafka.bootstrapServers());
        String lastProblem = "no answer";
        while (true) {
            for (InetSocketAddress a : addresses) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try (Socket s = new Socket()) {
                    InetSocketAddress resolved = new InetSocketAddress(a.getHostString(), a.getPort());
                    if (resolved.isUnresolved()) {
                        throw new IOException("unknown host " + a.getHostString());
                    }
                    s.connect(resolved, (int) Math.min(left, 2000));
                    askBroker(kafka, timeout, deadline);
                    return;
                } catch (IOException e) {
                    lastProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            }
            if (System.nanoTime() + RETRY.toNanos() > deadline) {
                throw unreachable(kafka, timeout, lastProblem);
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unreachable(kafka, timeout, "interrupted");
            }
        }
    }

    private static void askBroker(KafkaSettings kafka, Duration timeout, long deadline) {
        Map<String, Object> p = new HashMap<>(kafka.common());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "breedline-startup-check");
        long left = Math.max(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, left));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, left));
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(left, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(kafka, timeout, String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw unreachable(kafka, timeout, "it accepts connections but did not answer as a Kafka broker");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(kafka, timeout, "interrupted");
        }
    }

    private static ConfigException unreachable(KafkaSettings kafka, Duration timeout, String problem) {
        return new ConfigException("Kafka at " + kafka.bootstrapServers() + " (" + BOOTSTRAP + ") could not be reached "
                + "within " + timeout.toSeconds() + " s (" + problem + "); check the address, or set " + TIMEOUT
                + " to wait longer");
    }

    static List<InetSocketAddress> addresses(String bootstrapServers) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : bootstrapServers.split(",")) {
            String hostPort = s.strip().replaceFirst("^[A-Za-z_]+://", "");
            int colon = hostPort.lastIndexOf(':');
            if (hostPort.isEmpty() || colon <= 0 || colon == hostPort.length() - 1) {
                throw new ConfigException(BOOTSTRAP, bootstrapServers, "must be host:port[,host:port...]");
            }
            String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ConfigException(BOOTSTRAP, bootstrapServers, "has a port that is not a number");
            }
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        return out;
    }
}
