package io.fleetwise.planner.search;

/** Why a candidate left the search before ranking. */
public enum PruneReason {
    /** Weights, activations and one KV block do not fit the GPU (MemoryModel), or a longest request cannot be held. */
    MEMORY,
    /** Another shape on the same node group is at least as good on every analytic metric and better on one. */
    DOMINATED,
    /** Not dominated, but outside the best shapes per node group that the objective's analytic bound keeps. */
    OUTRANKED,
    /** Equivalent to a plan already enumerated (identical node groups swapped, or a split with one GPU). */
    SYMMETRIC,
    /** The fleet cannot serve the workload's rate (COST/ENERGY/LATENCY objectives only need plans that can). */
    CAPACITY,
    /** Not simulated because the time budget ran out or the search was limited to its contenders. */
    NOT_SIMULATED
}
