package io.breedline.bench.fleet;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.LongSummaryStatistics;

/** The fleet benchmark's plain-text report: throughput against fleet size, spread, and rebalance pauses. */
final class FleetReport {
    static final double LINEAR_SHARE = 0.9;

    private FleetReport() {}

    /** Throughput of {@code rate} against the baseline fleet's, per worker of the baseline. */
    static double speedUp(double rate, double baseRate, int baseWorkers) {
        return baseRate <= 0 ? 0 : rate / (baseRate / baseWorkers);
    }

    /** The bar: at least 0.9·N times one worker's throughput. */
    static boolean nearLinear(double speedUp, int workers) {
        return speedUp >= LINEAR_SHARE * workers;
    }

    /** "min-max" of a collection of counts, or "-" when empty. */
    static String range(Collection<? extends Number> values) {
        LongSummaryStatistics s = values.stream().mapToLong(Number::longValue).summaryStatistics();
        return s.getCount() == 0 ? "-" : s.getMin() == s.getMax() ? Long.toString(s.getMin()) : s.getMin() + "-" + s.getMax();
    }

    static void print(PrintStream out, FleetOptions options, List<FleetResult> results) {
        out.println();
        out.println("Fleet scaling: " + options.commandLine());
        out.printf("stand-in model: %d ms per batch of %d, no CPU (at most %.0f images/s per worker); %d partitions;%n",
                options.batchTime().toMillis(), options.batchSize(), options.modelBoundRate(), options.partitions());
        out.printf("each worker its own JVM (%s); steady window %d s; %d cores on this machine%n",
                String.join(" ", WorkerProcess.JVM_OPTIONS), options.steady().toSeconds(),
                Runtime.getRuntime().availableProcessors());
        out.println();
        out.println("workers  images/s  speed-up  >=0.9N  cycle    partitions/worker  images/worker  CPU bench  CPU machine");
        FleetResult base = results.get(0);
        for (FleetResult r : results) {
            double s = speedUp(r.rate(), base.rate(), base.workers());
            out.printf("%7d  %8.1f  %8.2f  %6s  %7s  %17s  %13s  %9.2f  %11.2f%s%n", r.workers(), r.rate(), s,
                    nearLinear(s, r.workers()) ? "yes" : "NO", ms(r.cycleMs()), range(r.partitionsByWorker().values()),
                    range(r.imagesByWorker().values()), r.benchCores(), r.machineCores(),
                    r.backlogRanOut() ? "  (backlog ran out)" : "");
        }
        out.println();
        out.println("Rebalances (one more worker joins, then leaves with SIGTERM):");
        out.println("workers  join: start->assigned  start->1st batch  others' stall  images/s after"
                + "  | leave: SIGTERM->exit  SIGTERM->reassigned  others' stall  images/s after  | aborted batches");
        for (FleetResult r : results) {
            FleetResult.Join j = r.join();
            FleetResult.Leave l = r.leave();
            out.printf("%d->%d->%d  %20s  %16s  %13s  %14.1f  | %18s  %19s  %13s  %14.1f  | %15d%n",
                    r.workers(), r.workers() + 1, r.workers(), ms(j.startToAssignedMs()), ms(j.startToFirstBatchMs()),
                    ms(j.othersStallMs()), j.rateAfter(), ms(l.termToExitMs()), ms(l.termToReassignedMs()),
                    ms(l.othersStallMs()), l.rateAfter(), r.abortedBatches());
        }
        out.println();
        out.println("cycle: a worker's median time from one published batch to the next (the batch time plus its");
        out.println("per-batch overhead). images/worker: predictions each worker published in the steady window.");
        out.println("others' stall: the longest wait between two batches of a worker that kept running, beyond its");
        out.println("median cycle in the steady window (0 = no worker paused). CPU: cores used on average in the");
        out.println("steady window by the workers, broker and reader (bench) and by everything on the machine.");
        out.println("aborted batches: transactions the workers aborted in the whole round (redone from the committed");
        out.println("offsets), e.g. when a rebalance changed the group generation under an open transaction.");
    }

    private static String ms(long millis) {
        return millis + " ms";
    }
}
