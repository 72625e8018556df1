package io.breedline.ingest.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the signature of an SNS message (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) against the certificate
 * at its {@code SigningCertURL}, which must be an https URL of an allowed SNS host ending in {@code .pem}. Without
 * this, anyone who can reach the webhook could post a forged SNS notification or subscription confirmation.
 *
 * <p>Hand-written because the AWS SDK this project pins (2.31, see the parent pom) has no SNS message validator: the
 * 1.x SDK's {@code SnsMessageManager} reached 2.x only in 2026 (aws/aws-sdk-java-v2#1302, merged in #6859) as a
 * separate {@code sns-message-manager} module of a later release, and pulling the 1.x SDK in beside 2.x for one class
 * would bring a second HTTP stack. The JDK does the cryptography ({@link Signature}, {@link CertificateFactory}); this
 * class only builds the string to sign as SNS documents it and restricts where certificates come from. When the SDK
 * is upgraded past that release, replace this class with its {@code SnsMessageManager}.
 */
final class SnsSignatureVerifier {
    private static final List<String> NOTIFICATION_FIELDS =
            List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
    private static final List<String> CONFIRMATION_FIELDS =
            List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");

    /** Where signing keys come from; a seam so tests need not reach AWS. */
    interface KeySource {
        PublicKey fetch(URI signingCertUrl) throws IOException, GeneralSecurityException;
    }

    private final HostAllowList hosts;
    private final KeySource keys;
    private final Map<URI, PublicKey> cache = new ConcurrentHashMap<>();

    SnsSignatureVerifier(HostAllowList hosts, KeySource keys) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** @throws GeneralSecurityException saying why the message is not a genuine SNS message */
    void verify(JsonNode message) throws GeneralSecurityException {
        String algorithm = switch (message.path("SignatureVersion").asText("")) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> throw new GeneralSecurityException("unsupported SignatureVersion '"
                    + message.path("SignatureVersion").asText("") + "'");
        };
        URI certUrl;
        try {
            certUrl = URI.create(message.path("SigningCertURL").asText(""));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("SigningCertURL is not a URL");
        }
        if (!hosts.allows(certUrl) || certUrl.getPath() == null || !certUrl.getPath().endsWith(".pem")) {
            throw new GeneralSecurityException("SigningCertURL " + certUrl + " is not a .pem on an allowed SNS host (" + hosts + ")");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(message.path("Signature").asText(""));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("Signature is not base64");
        }
        PublicKey key = cache.get(certUrl);
        if (key == null) {
            try {
                key = keys.fetch(certUrl);
            } catch (IOException e) {
                throw new GeneralSecurityException("cannot fetch the signing certificate " + certUrl + ": " + e.getMessage(), e);
            }
            cache.put(certUrl, key);
        }
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(stringToSign(message).getBytes(StandardCharsets.UTF_8));
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the SNS signature does not match the message");
        }
    }

    /** The canonical form SNS signs: name and value lines of fixed fields, in this order, absent ones left out. */
    static String stringToSign(JsonNode message) throws GeneralSecurityException {
        String type = message.path("Type").asText("");
        List<String> fields = switch (type) {
            case "Notification" -> NOTIFICATION_FIELDS;
            case "SubscriptionConfirmation", "UnsubscribeConfirmation" -> CONFIRMATION_FIELDS;
            default -> throw new GeneralSecurityException("unknown SNS message Type '" + type + "'");
        };
        StringBuilder s = new StringBuilder();
        for (String field : fields) {
            JsonNode v = message.get(field);
            if (v == null || v.isNull()) {
                if (field.equals("Subject")) {
                    continue;
                }
                throw new GeneralSecurityException("the SNS message has no " + field);
            }
            s.append(field).append('\n').append(v.asText()).append('\n');
        }
        return s.toString();
    }

    /** Fetches the certificate over https (no redirects), checks its dates, and returns its key. */
    static KeySource https() {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return url -> {
            HttpResponse<InputStream> r;
            try {
                r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new IOException("HTTP " + r.statusCode());
                }
                byte[] pem = in.readNBytes(64 * 1024);
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem));
                cert.checkValidity();
                return cert.getPublicKey();
            }
        };
    }
}
