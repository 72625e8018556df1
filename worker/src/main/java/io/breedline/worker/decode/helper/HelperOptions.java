package io.breedline.worker.decode.helper;

import io.breedline.clients.config.ConfigException;
import io.breedline.clients.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the decoder processes decode.
 *
 * @param library {@value #LIBRARY}, the libheif shared library JNA loads ({@value HelperDecoder#DEFAULT_LIBRARY}, as
 *     Debian's and Ubuntu's {@code libheif1} install it)
 * @param webpLibrary {@value #WEBP_LIBRARY}, the libwebp shared library ({@value HelperDecoder#DEFAULT_WEBP_LIBRARY},
 *     Debian's and Ubuntu's {@code libwebp7})
 * @param timeout {@value #TIMEOUT}, how long one file may take in the decoder process before it is killed and the
 *     file dead-lettered; a 12-megapixel photo takes a few seconds at most (BENCHMARKS.md)
 */
public record HelperOptions(String library, String webpLibrary, Duration timeout) {
    public static final String LIBRARY = "BREEDLINE_LIBHEIF";
    public static final String WEBP_LIBRARY = "BREEDLINE_LIBWEBP";
    public static final String TIMEOUT = "BREEDLINE_DECODE_TIMEOUT";
    public static final HelperOptions DEFAULT = new HelperOptions(HelperDecoder.DEFAULT_LIBRARY,
            HelperDecoder.DEFAULT_WEBP_LIBRARY, HelperDecoder.DEFAULT_TIMEOUT);

    public HelperOptions {
        Objects.requireNonNull(library, LIBRARY);
        Objects.requireNonNull(webpLibrary, WEBP_LIBRARY);
        Objects.requireNonNull(timeout, TIMEOUT);
        if (library.isBlank()) {
            throw new ConfigException(LIBRARY, library, "must name a library, e.g. " + HelperDecoder.DEFAULT_LIBRARY);
        }
        if (webpLibrary.isBlank()) {
            throw new ConfigException(WEBP_LIBRARY, webpLibrary, "must name a library, e.g. "
                    + HelperDecoder.DEFAULT_WEBP_LIBRARY);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException(TIMEOUT, timeout.toString(), "must be positive");
        }
    }

    public static HelperOptions from(Settings s) {
        return new HelperOptions(s.string(LIBRARY, DEFAULT.library()), s.string(WEBP_LIBRARY, DEFAULT.webpLibrary()),
                s.duration(TIMEOUT, DEFAULT.timeout()));
    }

    public HelperOptions withTimeout(Duration newTimeout) {
        return new HelperOptions(library, webpLibrary, newTimeout);
    }
}
