package io.breedline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.breedline.service.SentenceSummaries;
import org.junit.jupiter.api.Test;

class SentenceSummariesTest {
    @Test
    void everySummaryInHelpIsAWholeSentence() {
        String usage = SentenceSummaries.install(Main.commandLine()).getUsageMessage();
        // The label command's description is wrapped over several lines: its summary is the whole first sentence.
        assertThat(usage.replaceAll("\\s+", " ")).contains("Label every photo of a folder (recursive) or "
                + "s3://bucket/prefix in this one JVM, which runs an embedded Kafka broker, ingest, the worker and the "
                + "results sink.");
        assertThat(usage).doesNotContain("in this one JVM:");
        // picocli's own help command writes its line breaks as %n.
        assertThat(usage).doesNotContain("%n").contains("When no COMMAND is given, the usage help for the main command is");
    }

    @Test
    void theFirstSentenceEndsAtItsFullStop() {
        assertThat(SentenceSummaries.firstSentence(new String[] {"Show a job's progress until it completes,",
            "or list recent jobs. Exit status: 0."})).isEqualTo("Show a job's progress until it completes, or list recent jobs.");
        assertThat(SentenceSummaries.firstSentence(new String[] {"No full stop"})).isEqualTo("No full stop");
    }
}
