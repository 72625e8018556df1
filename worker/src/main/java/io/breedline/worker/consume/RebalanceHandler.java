package io.breedline.worker.consume;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/** Hands the consumer's rebalance callbacks (which run on the poll thread, inside poll) to the loop. */
final class RebalanceHandler implements ConsumerRebalanceListener {
    private final WorkerLoop loop;

    RebalanceHandler(WorkerLoop loop) {
        this.loop = loop;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            loop.onRevoked(partitions);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            loop.onLost(partitions);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        loop.onAssigned(partitions);
    }
}
