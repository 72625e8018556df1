package io.breedline.worker.dedup;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labeled topic must have exactly as many partitions as the images topic: labeled partition p holds the marks of
 * the images read from images partition p. Created (compacted, the broker's replication factor) when missing; a
 * different partition count stops the worker, since de-duplication would then miss marks.
 */
public final class LabeledTopic {
    private static final Logger log = LoggerFactory.getLogger(LabeledTopic.class);
    private static final Duration SETTLE_POLL = Duration.ofMillis(100);

    private LabeledTopic() {}

    /** The two topics' partition counts differ: a configuration error no retry mends. */
    public static final class Mismatch extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    /**
     * Checks (creating the labeled topic if needed) and returns the partition count; empty while the images topic does
     * not exist yet (it is checked again when the worker gets its partitions).
     *
     * @throws Mismatch when the counts differ
     * @throws IllegalStateException when Kafka cannot tell
     */
    public static Optional<Integer> ensure(Map<String, Object> common, String images, String labeled, Duration timeout) {
        return ensure(common, images, labeled, null, timeout);
    }

    /**
     * As {@link #ensure(Map, String, String, Duration)}, and creates the topic of already-labeled notices when it is
     * missing (as many partitions as the images topic, not compacted): a skipped reference's notice goes there in the
     * batch's transaction, which would fail on a broker that does not create topics itself.
     *
     * @param alreadyLabeled the notices' topic ({@code Topics.alreadyLabeled()}), or null to leave it alone
     */
    public static Optional<Integer> ensure(Map<String, Object> common, String images, String labeled, String alreadyLabeled,
            Duration timeout) {
        return ensure(common, images, labeled, alreadyLabeled, null, timeout);
    }

    /**
     * As {@link #ensure(Map, String, String, String, Duration)}, and checks the priority lane's topic the same way as
     * the labeled one: created when missing with the images topic's partition count, refused when its count differs
     * (an image's references of both lanes must land on partitions of the same number, whose marks are on the labeled
     * partition of that number; docs/design/priority-lane.md).
     *
     * @param priority the priority lane's topic, or null to leave it alone
     */
    public static Optional<Integer> ensure(Map<String, Object> common, String images, String labeled, String alreadyLabeled,
            String priority, Duration timeout) {
        try (Admin admin = Admin.create(adminProperties(common, timeout))) {
            Optional<Integer> imagesCount = settled(admin, images, false, timeout);
            if (imagesCount.isEmpty()) {
                return Optional.empty();
            }
            Optional<Integer> labeledCount = settled(admin, labeled, false, timeout);
            if (labeledCount.isEmpty()) {
                create(admin, labeled, imagesCount.get(), timeout);
                labeledCount = settled(admin, labeled, true, timeout);
            }
            if (!labeledCount.equals(imagesCount)) {
                throw new Mismatch("the labeled topic '" + labeled + "' (BREEDLINE_TOPIC_LABELED) has "
                        + labeledCount.orElse(0) + " partitions but the images topic '" + images + "' has "
                        + imagesCount.get() + "; they must be equal for de-duplication (labeled partition p keeps the "
                        + "marks of images partition p). Add partitions to the smaller one, or delete the labeled topic "
                        + "to have it re-created (images already labeled are then labeled once more).");
            }
            if (priority != null) {
                ensurePriority(admin, images, priority, imagesCount.get(), timeout);
            }
            if (alreadyLabeled != null && partitions(admin, alreadyLabeled, timeout).isEmpty()) {
                createPlain(admin, alreadyLabeled, imagesCount.get(), timeout);
            }
            return imagesCount;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the labeled topic", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not describe topics " + images + " and " + labeled + " within " + timeout, e);
        }
    }

    private static void create(Admin admin, String topic, int partitions, Duration timeout)
            throws InterruptedException, TimeoutException {
        NewTopic t = new NewTopic(topic, Optional.of(partitions), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created the compacted labeled topic {} with {} partitions", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // another worker was quicker
                throw new IllegalStateException("cannot create the labeled topic '" + topic + "' (BREEDLINE_TOPIC_LABELED): "
                        + e.getCause().getMessage() + "; create it compacted with as many partitions as the images topic", e.getCause());
            }
        }
    }

    private static void ensurePriority(Admin admin, String images, String priority, int imagesCount, Duration timeout)
            throws InterruptedException, TimeoutException {
        Optional<Integer> count = settled(admin, priority, false, timeout);
        if (count.isEmpty()) {
            createPlain(admin, priority, imagesCount, timeout);
            count = settled(admin, priority, true, timeout);
        }
        if (count.orElse(0) != imagesCount) {
            throw new Mismatch("the priority topic '" + priority + "' (BREEDLINE_TOPIC_PRIORITY) has " + count.orElse(0)
                    + " partitions but the images topic '" + images + "' has " + imagesCount + "; they must be equal "
                    + "(an upload and a backfill of one image must land on partitions of the same number, whose marks "
                    + "are kept together). Add partitions to the smaller one.");
        }
    }

    private static void createPlain(Admin admin, String topic, int partitions, Duration timeout)
            throws InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} with {} partitions", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic '" + topic + "': "
                        + e.getCause().getMessage() + "; create it with as many partitions as the images topic", e.getCause());
            }
        }
    }

    // A topic just created (by this worker or another) can be described with no partitions until its metadata has
    // spread to the broker answering; ask again for a while rather than report a mismatch that is not there.
    private static Optional<Integer> settled(Admin admin, String topic, boolean justCreated, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Integer> count = partitions(admin, topic, timeout);
            boolean known = count.isPresent() ? count.get() > 0 : !justCreated;
            if (known || System.nanoTime() > deadline) {
                return count;
            }
            Thread.sleep(SETTLE_POLL.toMillis());
        }
    }

    private static Optional<Integer> partitions(Admin admin, String topic, Duration timeout)
            throws InterruptedException, TimeoutException {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return Optional.of(d.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot describe topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Map<String, Object> adminProperties(Map<String, Object> common, Duration timeout) {
        Map<String, Object> p = new HashMap<>();
        common.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "breedline-labeled-admin");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        return p;
    }
}
