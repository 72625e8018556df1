package io.breedline.clients.ops;

import java.util.List;

/** What a service reports on {@code /health/live} and {@code /health/ready}. Called from the ops server's threads. */
public interface Health {
    /** False once the service's main loop has died: a supervisor should restart the process. */
    boolean live();

    /** Why the service should not get work yet (or any more), one short phrase each; empty when ready. */
    List<String> notReady();
}
