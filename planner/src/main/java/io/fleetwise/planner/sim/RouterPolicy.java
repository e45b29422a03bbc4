package io.fleetwise.planner.sim;

import java.util.Locale;

/** How arriving requests are spread over replicas. */
public enum RouterPolicy {
    /** Replicas in turn. */
    ROUND_ROBIN,
    /** The replica with the fewest queued plus running requests (ties: lowest index). */
    LEAST_OUTSTANDING,
    /** Smooth weighted round robin over the groups' routing weights, then round robin inside a group. */
    WEIGHTED,
    /**
     * The replica whose prefix cache holds the most leading blocks of the prompt (needs block hashes and prefix
     * caching), unless it has more than twice the least-loaded replica's outstanding requests plus 4; otherwise, and
     * on ties, least outstanding.
     */
    PREFIX_AFFINITY;

    public static RouterPolicy parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (t.equals("PREFIX")) {
            return PREFIX_AFFINITY;
        }
        if (t.equals("LEAST") || t.equals("LOR")) {
            return LEAST_OUTSTANDING;
        }
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown router '" + text + "'. Use round_robin, least_outstanding, weighted or prefix_affinity.");
        }
    }
}
