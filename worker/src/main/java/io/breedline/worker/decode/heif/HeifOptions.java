package io.breedline.worker.decode.heif;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How HEIC/HEIF and AVIF files are decoded.
 *
 * @param library {@value #LIBRARY}, the libheif shared library JNA loads ({@value HeifDecoder#DEFAULT_LIBRARY}, as
 *     Debian's and Ubuntu's {@code libheif1} install it)
 * @param timeout {@value #TIMEOUT}, how long one file may take in the decoder process before it is killed and the
 *     file dead-lettered; a 12-megapixel photo takes well under a second (BENCHMARKS.md)
 */
public record HeifOptions(String library, Duration timeout) {
    public static final String LIBRARY = "BREEDLINE_LIBHEIF";
    public static final String TIMEOUT = "BREEDLINE_DECODE_TIMEOUT";
    public static final HeifOptions DEFAULT = new HeifOptions(HeifDecoder.DEFAULT_LIBRARY, HeifDecoder.DEFAULT_TIMEOUT);

    public HeifOptions {
        Objects.requireNonNull(library, LIBRARY);
        Objects.requireNonNull(timeout, TIMEOUT);
        if (library.isBlank()) {
            throw new ConfigException(LIBRARY, library, "must name a library, e.g. " + HeifDecoder.DEFAULT_LIBRARY);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException(TIMEOUT, timeout.toString(), "must be positive");
        }
    }

    public static HeifOptions from(Settings s) {
        return new HeifOptions(s.string(LIBRARY, DEFAULT.library()), s.duration(TIMEOUT, DEFAULT.timeout()));
    }
}
