package io.fleetwise.planner.alloc;

/** What the allocator optimises. */
public enum AllocationMode {
    /** Serve every request at the lowest cost per hour (Mélange). */
    MIN_COST,
    /** Serve as much of the request rate as a cost ceiling allows; ties broken by lower cost. */
    MAX_GOODPUT_WITHIN_BUDGET
}
