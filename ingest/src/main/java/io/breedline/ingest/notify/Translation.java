package io.breedline.ingest.notify;

import io.breedline.contracts.DeadLetter;
import io.breedline.contracts.ImageRef;
import java.util.List;
import java.util.Objects;

/**
 * What one notification turns into: references to publish, or a dead letter for a malformed one, and how many of its
 * events were skipped.
 */
public record Translation(List<ImageRef> references, List<DeadLetter> deadLetters, int skipped) {
    public Translation {
        references = List.copyOf(Objects.requireNonNull(references, "references"));
        deadLetters = List.copyOf(Objects.requireNonNull(deadLetters, "deadLetters"));
    }
}
