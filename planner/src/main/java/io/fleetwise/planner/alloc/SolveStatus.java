package io.fleetwise.planner.alloc;

/** How far the solver got. */
public enum SolveStatus {
    /** Proven optimal (within the configured relative gap). */
    OPTIMAL,
    /** A plan was found but the time limit stopped the proof; see the gap. */
    FEASIBLE,
    /** No plan exists (a bucket nobody can serve, caps too low, budget too small). */
    INFEASIBLE,
    /** The time limit hit before any plan was found. */
    NO_SOLUTION_FOUND;

    public boolean hasPlan() {
        return this == OPTIMAL || this == FEASIBLE;
    }
}
