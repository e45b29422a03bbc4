package io.fleetwise.planner.study;

/**
 * How finely the what-if simulates the study's throughput table: requests per capacity-search simulation and how
 * many replica sizes (TP1, TP2, ...) per GPU type become candidates. Fewer requests and sizes build the table faster
 * and coarser; the table is cached per settings, so changing them builds a new one.
 */
public record WhatIfSettings(int requestsPerSearch, int replicaSizesPerType) {

    /**
     * The fleet allocation's own defaults (CapacitySettings, FleetAllocationRequest), so the base variant of a what-if
     * answers what the Fleet area answers for the same study.
     */
    public static final int DEFAULT_REQUESTS_PER_SEARCH = 800;
    public static final int MIN_REQUESTS_PER_SEARCH = 50;
    private static final int DEFAULT_REPLICA_SIZES_PER_TYPE = 2;

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
        return new WhatIfSettings(DEFAULT_REQUESTS_PER_SEARCH, DEFAULT_REPLICA_SIZES_PER_TYPE);
    }
}
