package io.breedline.service.status;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How {@code status --lanes} prints each lane's backlog: a table, then a key=value line per refresh. */
public final class LaneFormat {
    private LaneFormat() {}

    /** A table for a first look, the priority lane first. */
    public static String table(String group, List<LaneBacklog> lanes) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-9s %-40s %10s %12s%n",
                "LANE", "TOPIC", "PARTITIONS", "LAG"));
        for (LaneBacklog l : lanes) {
            sb.append(String.format(Locale.ROOT, "%-9s %-40s %10s %12s%n", l.lane(), l.topic(),
                    l.exists() ? Integer.toString(l.partitions()) : "missing", l.exists() ? Long.toString(l.lag()) : "-"));
        }
        sb.append("consumer group ").append(group).append('\n');
        return sb.toString();
    }

    /**
     * {@code group=breedline-workers priority.lag=3 priority.rate=4.0 bulk.lag=18240 bulk.rate=480.1}: rates in records
     * committed per second since {@code before} (a reading {@code elapsed} earlier), {@code -} on the first line.
     */
    public static String line(String group, List<LaneBacklog> before, List<LaneBacklog> now, Duration elapsed) {
        StringBuilder sb = new StringBuilder("group=").append(group);
        for (int i = 0; i < now.size(); i++) {
            LaneBacklog l = now.get(i);
            sb.append(' ').append(l.lane()).append(".lag=").append(l.exists() ? Long.toString(l.lag()) : "missing");
            sb.append(' ').append(l.lane()).append(".rate=").append(rate(before == null ? null : before.get(i), l, elapsed));
        }
        return sb.toString();
    }

    private static String rate(LaneBacklog before, LaneBacklog now, Duration elapsed) {
        if (before == null || elapsed.isZero() || elapsed.isNegative() || !now.exists()) {
            return "-";
        }
        // Committed offsets only move forward; a lower reading means the group's offsets were reset.
        long records = Math.max(0, now.committed() - before.committed());
        return String.format(Locale.ROOT, "%.1f", records / (elapsed.toNanos() / 1e9));
    }
}
