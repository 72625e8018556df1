package io.breedline.web.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file field of a {@code multipart/form-data} body (RFC 7578), already read into memory within the upload limit.
 *
 * <p>Hand-written because the JDK's HTTP server has no multipart support, and the libraries that do come with a
 * servlet container (Jetty 11 in Javalin 6 clashes with the Jetty 12 that s3proxy brings onto the launcher's
 * classpath) or are milestones (commons-fileupload2). One field, a body bounded before it is parsed, and the part's
 * own headers are all that is needed here.
 *
 * @param fileName the name the browser sent, as given (the caller sanitises it), or empty
 * @param content the part's bytes
 */
public record Multipart(String fileName, byte[] content) {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("(?i)(?:^|;)\\s*filename=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The part named {@code field} of a body sent with {@code contentType}. */
    public static Multipart field(String contentType, byte[] body, String field) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(415, "send the photo as multipart/form-data with a field named '" + field + "'");
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw ApiException.badRequest("the multipart Content-Type has no boundary");
        }
        String boundaryText = m.group(1) != null ? m.group(1) : m.group(2);
        byte[] delimiter = ("--" + boundaryText).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int partStart = pos + delimiter.length;
            if (partStart + 2 <= body.length && body[partStart] == '-' && body[partStart + 1] == '-') {
                break; // the closing delimiter
            }
            partStart = skipLineEnd(body, partStart);
            byte[] next = ("\r\n--" + boundaryText).getBytes(StandardCharsets.ISO_8859_1);
            int partEnd = indexOf(body, next, partStart);
            if (partEnd < 0) {
                throw ApiException.badRequest("the multipart body is cut short (no closing boundary)");
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), partStart);
            if (headersEnd < 0 || headersEnd > partEnd) {
                throw ApiException.badRequest("a multipart part has no header block");
            }
            String headers = new String(body, partStart, headersEnd - partStart, StandardCharsets.UTF_8);
            Optional<String> disposition = headers.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-disposition:"))
                    .findFirst();
            if (disposition.isPresent()) {
                String d = disposition.get().substring("content-disposition:".length());
                Matcher name = NAME.matcher(d);
                if (name.find() && name.group(1).equals(field)) {
                    Matcher fn = FILE_NAME.matcher(d);
                    String fileName = fn.find() ? fn.group(1).replaceAll("\\\\(.)", "$1") : "";
                    return new Multipart(fileName, Arrays.copyOfRange(body, headersEnd + 4, partEnd));
                }
            }
            pos = partEnd + 2;
        }
        throw ApiException.badRequest("the form has no field named '" + field + "'");
    }

    private static int skipLineEnd(byte[] body, int i) {
        if (i + 1 < body.length && body[i] == '\r' && body[i + 1] == '\n') {
            return i + 2;
        }
        return i;
    }

    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
