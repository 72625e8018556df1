package io.breedline.evaluation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;

/** The evaluation as JSON, for scripts (and for the web page to list reports). */
public final class ReportJson {
    public static final String FILE = "evaluation.json";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    public static Path write(Evaluation evaluation, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        JSON.writeValue(file.toFile(), evaluation);
        return file;
    }

    public static Evaluation read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Evaluation.class);
    }
}
