package io.breedline.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of every message: UTF-8, ISO-8601 instants, a {@code schemaVersion} field. Readable by any Kafka
 * client, kcat included.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Newer writers may add fields; an old reader ignores them instead of dead-lettering good messages.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {}

    public static byte[] write(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + message.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object message) {
        return new String(write(message), StandardCharsets.UTF_8);
    }

    public static ImageRef readImageRef(byte[] value) throws MalformedMessageException {
        return read(value, ImageRef.class);
    }

    public static Prediction readPrediction(byte[] value) throws MalformedMessageException {
        return read(value, Prediction.class);
    }

    public static DeadLetter readDeadLetter(byte[] value) throws MalformedMessageException {
        return read(value, DeadLetter.class);
    }

    public static AlreadyLabeled readAlreadyLabeled(byte[] value) throws MalformedMessageException {
        return read(value, AlreadyLabeled.class);
    }

    public static JobRecord readJobRecord(byte[] value) throws MalformedMessageException {
        return read(value, JobRecord.class);
    }

    /** Reads one message, checking it is JSON, of this schema version, and has the required fields. */
    public static <T> T read(byte[] value, Class<T> type) throws MalformedMessageException {
        String what = type.getSimpleName();
        if (value == null || value.length == 0) {
            throw new MalformedMessageException(what + " message is empty");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new MalformedMessageException(what + " message is not valid JSON: " + firstLine(e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedMessageException(what + " message is not a JSON object");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new MalformedMessageException(what + " message has no schemaVersion field");
        }
        if (version.asInt() != Schema.VERSION) {
            throw new MalformedMessageException(
                    what + " message has schemaVersion " + version.asText() + "; this reader understands " + Schema.VERSION);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof NullPointerException) {
                // The records' constructors reject a missing required field by its name (Objects.requireNonNull).
                throw new MalformedMessageException(what + " message is missing required field '" + cause.getMessage() + "'", e);
            }
            throw new MalformedMessageException(what + " message is invalid: " + cause.getMessage(), e);
        } catch (MismatchedInputException e) {
            throw new MalformedMessageException(what + " message has a field of the wrong type: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new MalformedMessageException(what + " message cannot be read: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
