package io.breedline.clients.ops;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reachability check (a database ping, a HeadBucket) on its own thread every interval and keeps the last answer,
 * so a readiness probe neither waits on a slow target nor hammers it however often it is scraped.
 */
public final class PeriodicCheck implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicCheck.class);

    /** One check: empty when the target answered, else what is wrong in a few words. */
    @FunctionalInterface
    public interface Check {
        Optional<String> problem() throws Exception;
    }

    private final String name;
    private final Check check;
    private final ScheduledExecutorService scheduler;
    private volatile Optional<String> last;

    public PeriodicCheck(String name, Duration interval, Check check) {
        this.name = name;
        this.check = check;
        this.last = Optional.of(name + ": not checked yet");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "breedline-check-" + name);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::run, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        Optional<String> now;
        try {
            now = check.problem().map(p -> name + ": " + p);
        } catch (Exception e) {
            now = Optional.of(name + ": " + e.getMessage());
        }
        if (!now.equals(last)) {
            if (now.isPresent()) {
                log.warn("Not ready: {}", now.get());
            } else {
                log.info("{} is reachable", name);
            }
        }
        last = now;
    }

    /** The last check's problem, empty when the target answered. */
    public Optional<String> problem() {
        return last;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
