package io.breedline.sink.consume;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST-ONLY fault injection, for the crash tests in e2e's {@code io.breedline.e2e.faults}. Never set it in production.
 *
 * <p>{@code BREEDLINE_FAILPOINT=sink-after-write} (or {@code sink-after-write:N}) halts the JVM with status 137, as a
 * SIGKILL would, at the Nth offset commit (default the first): after the write was acknowledged by the target and
 * before its offsets are committed. That is the window where a crash makes the sink write the same records twice, so
 * the tests can prove the second write upserts or overwrites instead of adding. Unset (always, outside tests) it does
 * nothing.
 */
final class Failpoint {
    static final String ENV = "BREEDLINE_FAILPOINT";
    private static final Logger log = LoggerFactory.getLogger(Failpoint.class);
    private static final int HALT_STATUS = 137;

    private final String name;
    private final int at;
    private int hits;

    private Failpoint(String name, int at) {
        this.name = name;
        this.at = at;
    }

    /** The failpoint {@code name} as {@value #ENV} sets it; disabled when the variable is unset or names another. */
    static Failpoint fromEnvironment(String name) {
        String spec = System.getenv(ENV);
        if (spec == null || !(spec.equals(name) || spec.startsWith(name + ":"))) {
            return new Failpoint(name, 0);
        }
        int at = spec.equals(name) ? 1 : Integer.parseInt(spec.substring(name.length() + 1).strip());
        return new Failpoint(name, at);
    }

    void hit() {
        if (at > 0 && ++hits == at) {
            log.warn("TEST FAILPOINT {} reached (hit {}): halting the JVM with status {}", name, hits, HALT_STATUS);
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
