package io.breedline.ingest.trigger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The webhook's shared secret. A request carries it as {@code Authorization: Bearer <token>} (MinIO's
 * {@code auth_token}), as the password of HTTP Basic authentication (SNS, from {@code https://user:token@host/}), or
 * in a {@code token} query parameter. Compared in constant time over SHA-256 digests, so neither the content nor the
 * length of the secret leaks through timing.
 */
final class TokenCheck {
    private final byte[] expected;

    /** @param token empty: every request is accepted */
    TokenCheck(Optional<String> token) {
        this.expected = token.map(TokenCheck::digest).orElse(null);
    }

    boolean required() {
        return expected != null;
    }

    boolean accepts(String authorization, String rawQuery) {
        if (expected == null) {
            return true;
        }
        // Check every candidate, so the time taken does not tell which form was tried.
        boolean ok = false;
        ok |= matches(bearer(authorization));
        ok |= matches(basicPassword(authorization));
        ok |= matches(queryToken(rawQuery));
        return ok;
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(expected, digest(candidate));
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static String basicPassword(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String queryToken(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("token=")) {
                return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
