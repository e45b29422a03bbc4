package io.fleetwise.planner.study;

/**
 * How finely the what-if simulates the study's throughput table: requests per capacity-search simulation and how
 * many replica sizes (TP1, TP2, ...) per GPU type become candidates. Fewer requests and sizes build the table faster
 * and coarser; the table is cached per settings, so changing them builds a new one.
 */
public record WhatIfSettings(int requestsPerSearch, int replicaSizesPerType) {

    /** Enough requests for a burst to outlast one batch of 256 sequences; one (the smallest fitting) size per type. */
    public static final int DEFAULT_REQUESTS_PER_SEARCH = 400;
    public static final int MIN_REQUESTS_PER_SEARCH = 50;

    public WhatIfSettings {
        if (requestsPerSearch < MIN_REQUESTS_PER_SEARCH) {
            throw new IllegalArgumentException("Requests per search must be >= " + MIN_REQUESTS_PER_SEARCH
                    + ", was " + requestsPerSearch);
        }
        if (replicaSizesPerType < 1 || replicaSizesPerType > 4) {
            throw new IllegalArgumentException("Replica sizes per GPU type must be 1 to 4, was " + replicaSizesPerType);
        }
    }

    public static WhatIfSettings defaults() {
        return new WhatIfSettings(DEFAULT_REQUESTS_PER_SEARCH, 1);
    }
}
