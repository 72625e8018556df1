package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breedline.testkit.S3Events;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnsSignatureVerifierTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SnsSigner signer = new SnsSigner();
    private final AtomicInteger fetches = new AtomicInteger();
    private final SnsSignatureVerifier verifier = new SnsSignatureVerifier(HostAllowList.parse("sns.*.amazonaws.com"),
            url -> {
                fetches.incrementAndGet();
                return signer.keys().fetch(url);
            });

    @Test
    void signedNotificationsAndConfirmationsOfBothVersionsPass() throws Exception {
        String notification = S3Events.sns(S3Events.testEvent("b"));
        String confirmation = S3Events.subscriptionConfirmation("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription");
        for (String version : new String[] {"1", "2"}) {
            assertThatCode(() -> verifier.verify(json(signer.sign(notification, version)))).doesNotThrowAnyException();
            assertThatCode(() -> verifier.verify(json(signer.sign(confirmation, version)))).doesNotThrowAnyException();
        }
        assertThat(fetches).as("the key is fetched once and cached").hasValue(1);
    }

    @Test
    void aNotificationWithoutSubjectIsSignedWithoutIt() throws Exception {
        ObjectNode m = (ObjectNode) json(S3Events.sns("{}"));
        m.remove("Subject");
        assertThat(SnsSignatureVerifier.stringToSign(m)).doesNotContain("Subject")
                .startsWith("Message\n{}\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\nTimestamp\n");
        assertThatCode(() -> verifier.verify(json(signer.sign(m.toString(), "2")))).doesNotThrowAnyException();
    }

    @Test
    void aChangedMessageFails() throws Exception {
        ObjectNode m = (ObjectNode) json(signer.sign(S3Events.sns(S3Events.testEvent("b")), "2"));
        m.put("Message", S3Events.aws(S3Events.Obj.put("b", "forged.jpg", "e", 1)));

        assertThatThrownBy(() -> verifier.verify(m)).isInstanceOf(GeneralSecurityException.class)
                .hasMessage("the SNS signature does not match the message");
    }

    @Test
    void anotherKeyFails() throws Exception {
        String signedByOther = new SnsSigner().sign(S3Events.sns("{}"), "1");

        assertThatThrownBy(() -> verifier.verify(json(signedByOther))).hasMessage("the SNS signature does not match the message");
    }

    @Test
    void certificatesFromElsewhereAreNotFetched() throws Exception {
        for (String url : new String[] {"http://sns.us-east-1.amazonaws.com/x.pem", "https://evil.example/x.pem",
                "https://sns.us-east-1.amazonaws.com/x.txt"}) {
            ObjectNode m = (ObjectNode) json(signer.sign(S3Events.sns("{}"), "2"));
            m.put("SigningCertURL", url);
            assertThatThrownBy(() -> verifier.verify(m)).as(url).hasMessageContaining("is not a .pem on an allowed SNS host");
        }
        assertThat(fetches).hasValue(0);
    }

    @Test
    void unknownVersionsAndMissingFieldsFail() throws Exception {
        ObjectNode m = (ObjectNode) json(signer.sign(S3Events.sns("{}"), "2"));
        m.put("SignatureVersion", "3");
        assertThatThrownBy(() -> verifier.verify(m)).hasMessage("unsupported SignatureVersion '3'");
        ObjectNode noTopic = (ObjectNode) json(signer.sign(S3Events.sns("{}"), "2"));
        noTopic.remove("TopicArn");
        assertThatThrownBy(() -> verifier.verify(noTopic)).hasMessage("the SNS message has no TopicArn");
    }

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }
}
