package io.fleetwise.datastore.fleet;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;

import java.time.Instant;

/**
 * A fleet allocation stored with its study.
 *
 * @param savingPercent saving of the mix against the best single type; NaN when not computed
 */
public record SavedAllocation(long id, long studyId, String name, Instant createdAt, AllocationProblem problem,
                              AllocationResult result, double savingPercent) {
}
