package io.breedline.ingest.trigger;

import java.util.Optional;

/** A source that pulls notifications in a loop on its own thread until stopped. */
interface NotificationLoop extends AutoCloseable {
    /** Runs until {@link #stop()}; throws when the source cannot go on (fatal error). */
    void run() throws Exception;

    /** Asks {@link #run()} to return soon; safe from any thread. */
    void stop();

    String name();

    /** Why the source is not connected yet (or any more), for readiness; empty when it is. Any thread. */
    default Optional<String> notConnected() {
        return Optional.empty();
    }

    @Override
    void close();
}
