package io.breedline.service.status;

import io.breedline.contracts.Lane;

/**
 * One lane's backlog for the workers' consumer group, as the autoscaler sees it.
 *
 * @param partitions the topic's partitions, 0 when the topic does not exist
 * @param lag records written to the topic and not yet committed by the group (a partition the group never committed
 *     counts from its earliest record, as KEDA's {@code offsetResetPolicy: earliest} does)
 * @param committed the group's committed offsets summed over the partitions: two readings give the lane's rate
 */
public record LaneBacklog(Lane lane, String topic, int partitions, long lag, long committed) {
    public boolean exists() {
        return partitions > 0;
    }
}
