package io.fleetwise.planner.search;

import java.util.Locale;

/** What the search optimises. */
public enum SearchObjective {
    /** Highest request rate served with the SLO attained (DistServe's goodput). */
    GOODPUT,
    /** Lowest cost per million output tokens at the workload's rate, among plans that attain the SLO. */
    COST,
    /** Lowest energy per output token at the workload's rate, among plans that attain the SLO. */
    ENERGY,
    /** Lowest p90 TTFT and TPOT (each relative to its SLO target) at the workload's rate. */
    LATENCY;

    public static SearchObjective parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (SearchObjective o : values()) {
            if (o.name().equals(t)) {
                return o;
            }
        }
        throw new IllegalArgumentException("Unknown objective '" + text + "'. Use goodput, cost, energy or latency.");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
