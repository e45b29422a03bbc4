package io.fleetwise.planner.search;

/**
 * One enumerated replica shape and what became of it; {@code pruned} is null for shapes that went on into fleets.
 *
 * @param detail for memory pruning the MemoryPlan message; otherwise what dominated it
 */
public record CandidateOutcome(ReplicaShape shape, PruneReason pruned, String detail) {

    public boolean kept() {
        return pruned == null;
    }
}
