package io.breedline.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breedline.clients.ops.LogContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The runtime logback.xml, as shipped: BREEDLINE_LOG_FORMAT picks plain lines or JSON. */
class LogFormatTest {

    @Test
    void jsonFormatGivesOneObjectPerLineWithTheImageContext() throws Exception {
        String out = logOneLine("json");

        JsonNode line = new ObjectMapper().readTree(out.strip());
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo("io.breedline.worker.Test");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("fetched 42 bytes");
        assertThat(line.path("mdc").path(LogContext.JOB_ID).asText()).isEqualTo("job-7");
        assertThat(line.path("mdc").path(LogContext.IMAGE_ID).asText()).isEqualTo("img-9");
        assertThat(out.strip()).doesNotContain("\n");
    }

    @Test
    void textFormatIsTheDefault() throws Exception {
        String out = logOneLine(null);

        assertThat(out).contains("INFO").contains("fetched 42 bytes").doesNotStartWith("{");
    }

    @Test
    void onlyTheFormatsTheConfigurationKnowsAreAccepted() {
        assertThat(LogFormat.problem(null)).isEmpty();
        assertThat(LogFormat.problem("json")).isEmpty();
        assertThat(LogFormat.problem("text")).isEmpty();
        assertThat(LogFormat.problem("JSON")).hasValueSatisfying(p -> assertThat(p).contains("BREEDLINE_LOG_FORMAT='JSON'"));
    }

    @Test
    void theContextIsRestoredWhenTheScopeCloses() {
        MDC.put(LogContext.JOB_ID, "outer");
        try {
            try (LogContext c = LogContext.image("job-7", "img-9")) {
                assertThat(MDC.get(LogContext.IMAGE_ID)).isEqualTo("img-9");
            }
            assertThat(MDC.get(LogContext.JOB_ID)).isEqualTo("outer");
            assertThat(MDC.get(LogContext.IMAGE_ID)).isNull();
        } finally {
            MDC.clear();
        }
    }

    private static String logOneLine(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        // The MDC LogContext writes to: SLF4J's, which logback provides on this class path.
        context.setMDCAdapter(MDC.getMDCAdapter());
        if (format != null) {
            // Logback looks variables up in the context, then system properties, then the environment.
            context.putProperty("BREEDLINE_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = LogFormatTest.class.getResource("/logback.xml");
        assertThat(config).as("cli's runtime logback.xml on the class path").isNotNull();
        assertThat(config.getPath()).doesNotContain("logback-test");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            configurator.doConfigure(config);
            Logger log = context.getLogger("io.breedline.worker.Test");
            try (LogContext c = LogContext.image("job-7", "img-9")) {
                log.info("fetched {} bytes", 42);
            }
        } finally {
            System.setErr(original);
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
