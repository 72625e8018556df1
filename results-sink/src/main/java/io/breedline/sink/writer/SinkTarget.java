package io.breedline.sink.writer;

import java.time.Clock;

/** Where results go: a SQL database or S3. Each target builds its own writer. */
public interface SinkTarget {
    ResultWriter createWriter(Clock clock);
}
