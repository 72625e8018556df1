package io.breedline.ingest.trigger;

import io.breedline.ingest.notify.NotificationTranslator;
import io.breedline.ingest.notify.Translation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * AWS S3 notifications delivered to an SQS queue, directly or in an SNS envelope. Long-polls the queue, publishes each
 * message's references, waits for Kafka's acknowledgement, and only then deletes the message. A message whose
 * references are not acknowledged is left alone: it becomes visible again after the visibility timeout and is retried
 * (S3 delivers at least once anyway; image ids make the repeat harmless downstream).
 */
final class SqsNotificationSource implements NotificationLoop {
    private static final Logger log = LoggerFactory.getLogger(SqsNotificationSource.class);
    // SQS's maximum per ReceiveMessage and per DeleteMessageBatch.
    private static final int MAX_MESSAGES = 10;
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final SqsClient sqs;
    private final String queueUrl;
    private final AckingPublisher publisher;
    private final NotificationTranslator translator;
    private final Duration wait;
    private final Duration visibilityTimeout;
    private volatile boolean stopRequested;
    private volatile boolean connected;

    SqsNotificationSource(SqsClient sqs, String queueUrl, AckingPublisher publisher, NotificationTranslator translator,
                          Duration wait, Duration visibilityTimeout) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.translator = Objects.requireNonNull(translator, "translator");
        this.wait = Objects.requireNonNull(wait, "wait");
        this.visibilityTimeout = Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
    }

    @Override
    public String name() {
        return "sqs:" + queueUrl;
    }

    @Override
    public Optional<String> notConnected() {
        return connected ? Optional.empty() : Optional.of(name() + ": no answer from the queue yet");
    }

    @Override
    public void run() throws InterruptedException {
        log.info("trigger reading S3 notifications from SQS queue {}", queueUrl);
        while (!stopRequested) {
            ReceiveMessageResponse received;
            try {
                received = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(MAX_MESSAGES)
                        .waitTimeSeconds((int) wait.toSeconds())
                        .visibilityTimeout((int) visibilityTimeout.toSeconds()));
                connected = true;
            } catch (SdkException e) {
                connected = false;
                log.warn("cannot receive from SQS queue {}, retrying: {}", queueUrl, e.toString());
                Thread.sleep(RETRY_BACKOFF.toMillis());
                continue;
            }
            if (received.hasMessages() && !received.messages().isEmpty()) {
                handle(received.messages());
            }
        }
    }

    private void handle(List<Message> messages) throws InterruptedException {
        long receivedAt = System.nanoTime();
        List<AckingPublisher.Pending> pending = new ArrayList<>(messages.size());
        int references = 0;
        int deadLetters = 0;
        int skipped = 0;
        for (Message m : messages) {
            Translation t = translator.translate("sqs", m.messageId(), m.body().getBytes(StandardCharsets.UTF_8));
            pending.add(publisher.send(t));
            references += t.references().size();
            deadLetters += t.deadLetters().size();
            skipped += t.skipped();
        }
        // Waiting longer than the visibility timeout is pointless: the message is visible again and may be taken by
        // another consumer, so deleting it then would race that delivery (harmlessly, but needlessly).
        Duration budget = visibilityTimeout.minus(visibilityTimeout.dividedBy(5));
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        boolean anyFailed = false;
        for (int i = 0; i < messages.size(); i++) {
            Duration left = budget.minusNanos(System.nanoTime() - receivedAt);
            try {
                pending.get(i).await(left.isNegative() ? Duration.ZERO : left);
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(messages.get(i).receiptHandle()).build());
            } catch (AckingPublisher.PublishException e) {
                anyFailed = true;
                log.warn("references of SQS message {} not published, it will be delivered again after {}: {}",
                        messages.get(i).messageId(), visibilityTimeout, e.getMessage());
            }
        }
        delete(done);
        log.info("trigger published {} references, {} dead letters, skipped {} events from {} SQS messages ({} deleted)",
                references, deadLetters, skipped, messages.size(), done.size());
        if (anyFailed) {
            Thread.sleep(RETRY_BACKOFF.toMillis());
        }
    }

    private void delete(List<DeleteMessageBatchRequestEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            response.failed().forEach(f -> log.warn(
                    "could not delete a published SQS message ({}: {}); it will be delivered and published again",
                    f.code(), f.message()));
        } catch (SdkException e) {
            log.warn("could not delete {} published SQS messages; they will be delivered and published again: {}",
                    entries.size(), e.toString());
        }
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    @Override
    public void close() {
        sqs.close();
    }
}
