package io.breedline.bench.fleet;

import java.util.Map;

/**
 * What one fleet size measured.
 *
 * @param workers fleet size
 * @param rate images per second over the steady window
 * @param cycleMs a worker's median time from one published batch to the next (batch time plus its overhead)
 * @param partitionsByWorker partitions each worker owned in the steady window
 * @param imagesByWorker predictions each worker produced in the steady window
 * @param benchCores cores the benchmark's processes (workers, broker, reader) used on average in the steady window
 * @param machineCores cores busy on the whole machine in the same window (other users included)
 * @param join a worker joining the running fleet
 * @param leave that worker stopping with SIGTERM
 * @param abortedBatches batches whose transaction was aborted in the whole round (all workers), redone from the
 *     committed offsets: a rebalance that changes the group's generation under an open transaction causes these
 * @param backlogRanOut the images topic was empty before the round ended, so later figures understate the fleet
 */
record FleetResult(int workers, double rate, long cycleMs, Map<String, Integer> partitionsByWorker, Map<String, Long> imagesByWorker,
        double benchCores, double machineCores, Join join, Leave leave, long abortedBatches,
        boolean backlogRanOut) {

    /**
     * @param startToAssignedMs from the new process's start (JVM start included) until the group is seen stable with
     *     it owning partitions (polled every 100 ms; the cooperative protocol takes two rebalance rounds)
     * @param startToFirstBatchMs from the new process's start to its first published batch
     * @param othersStallMs the longest extra wait between two batches of any worker already running
     * @param rateAfter images per second of the grown fleet
     */
    record Join(long startToAssignedMs, long startToFirstBatchMs, long othersStallMs, double rateAfter) {}

    /**
     * @param termToExitMs from SIGTERM to the process's exit (it publishes what it has in flight first)
     * @param termToReassignedMs from SIGTERM to the group owning every partition again without it
     * @param othersStallMs the longest extra wait between two batches of any worker that stayed
     * @param rateAfter images per second of the shrunk fleet
     */
    record Leave(long termToExitMs, long termToReassignedMs, long othersStallMs, double rateAfter) {}
}
