package io.breedline.ingest.trigger;

/** A source that pulls notifications in a loop on its own thread until stopped. */
interface NotificationLoop extends AutoCloseable {
    /** Runs until {@link #stop()}; throws when the source cannot go on (fatal error). */
    void run() throws Exception;

    /** Asks {@link #run()} to return soon; safe from any thread. */
    void stop();

    String name();

    @Override
    void close();
}
