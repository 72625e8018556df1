package io.breedline.worker.consume;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions are paused, and why. Three rules pause partitions independently (the in-flight limit, the hold for
 * partitions taken over in a rebalance, the priority lane's hold on bulk partitions); a partition fetches again only
 * when none of them holds it any more, so one rule resuming never undoes another's pause. Poll thread only.
 */
final class Pauses {
    /** Why a partition is paused. */
    enum Reason {
        /** Too many records in flight ({@link Backpressure}). */
        FULL,
        /** Held back until partitions taken over in a rebalance have delivered ({@link Backpressure}). */
        TAKEOVER,
        /** A bulk partition held back while the priority lane has records ({@link Lanes}). */
        LANE
    }

    private final Map<TopicPartition, EnumSet<Reason>> reasons = new HashMap<>();

    /** Pauses {@code partitions} (those the consumer owns) for {@code reason}. */
    void pause(Consumer<?, ?> consumer, Reason reason, Collection<TopicPartition> partitions) {
        Set<TopicPartition> owned = consumer.assignment();
        Set<TopicPartition> pause = new HashSet<>();
        for (TopicPartition tp : partitions) {
            if (owned.contains(tp)) {
                reasons.computeIfAbsent(tp, k -> EnumSet.noneOf(Reason.class)).add(reason);
                pause.add(tp);
            }
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
    }

    /** Takes {@code reason} off {@code partitions}; those no other reason holds fetch again. */
    void resume(Consumer<?, ?> consumer, Reason reason, Collection<TopicPartition> partitions) {
        Set<TopicPartition> owned = consumer.assignment();
        Set<TopicPartition> resume = new HashSet<>();
        for (TopicPartition tp : partitions) {
            EnumSet<Reason> r = reasons.get(tp);
            if (r != null && r.remove(reason) && r.isEmpty()) {
                reasons.remove(tp);
                if (owned.contains(tp)) {
                    resume.add(tp);
                }
            }
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    /** Takes {@code reason} off every partition it holds. */
    void resumeAll(Consumer<?, ?> consumer, Reason reason) {
        resume(consumer, reason, pausedFor(reason));
    }

    /** The partitions {@code reason} holds. */
    Set<TopicPartition> pausedFor(Reason reason) {
        Set<TopicPartition> out = new HashSet<>();
        reasons.forEach((tp, r) -> {
            if (r.contains(reason)) {
                out.add(tp);
            }
        });
        return out;
    }

    /** Partitions this worker no longer owns: the consumer forgets their pause, so does this. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(reasons::remove);
    }
}
