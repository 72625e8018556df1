package io.breedline.ingest.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/** Signs SNS messages as SNS does, with a key of its own; {@link #keys()} plays the role of the SigningCertURL. */
final class SnsSigner {
    static final String CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KeyPair pair;

    SnsSigner() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            // Small keys keep tests fast; the verifier accepts any RSA size SNS might use.
            g.initialize(1024);
            pair = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    SnsSignatureVerifier.KeySource keys() {
        return url -> {
            if (!url.equals(URI.create(CERT_URL))) {
                throw new java.io.IOException("no certificate at " + url);
            }
            return pair.getPublic();
        };
    }

    /** The message with SignatureVersion, SigningCertURL and Signature set to a valid signature. */
    String sign(String json, String version) throws Exception {
        ObjectNode message = (ObjectNode) MAPPER.readTree(json);
        message.put("SignatureVersion", version);
        message.put("SigningCertURL", CERT_URL);
        Signature s = Signature.getInstance(version.equals("1") ? "SHA1withRSA" : "SHA256withRSA");
        s.initSign(pair.getPrivate());
        s.update(SnsSignatureVerifier.stringToSign(message).getBytes(StandardCharsets.UTF_8));
        message.put("Signature", Base64.getEncoder().encodeToString(s.sign()));
        return message.toString();
    }
}
