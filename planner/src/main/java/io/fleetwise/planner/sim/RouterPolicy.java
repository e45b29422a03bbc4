package io.fleetwise.planner.sim;

import java.util.Locale;

/** How arriving requests are spread over replicas. */
public enum RouterPolicy {
    /** Replicas in turn. */
    ROUND_ROBIN,
    /** The replica with the fewest queued plus running requests (ties: lowest index). */
    LEAST_OUTSTANDING,
    /** Smooth weighted round robin over the groups' routing weights, then round robin inside a group. */
    WEIGHTED;

    public static RouterPolicy parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (t.equals("LEAST") || t.equals("LOR")) {
            return LEAST_OUTSTANDING;
        }
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown router '" + text + "'. Use round_robin, least_outstanding or weighted.");
        }
    }
}
