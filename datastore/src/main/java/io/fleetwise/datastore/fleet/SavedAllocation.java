package io.fleetwise.datastore.fleet;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;

import java.time.Instant;

/**
 * A fleet allocation stored with its study.
 *
 * @param savingPercent     saving of the mix against the best single type; NaN when not computed
 * @param requestedRatePerS the rate the solve was asked for; the problem's rate is lower by the requests left out
 *                          ({@code leftOut}); NaN when not recorded (then the problem's rate is the request)
 * @param leftOut           the solve's word on the requests it left out; empty when none were or it was not recorded
 */
public record SavedAllocation(long id, long studyId, String name, Instant createdAt, AllocationProblem problem,
                              AllocationResult result, double savingPercent, double requestedRatePerS, String leftOut) {

    public SavedAllocation {
        leftOut = leftOut == null ? "" : leftOut;
    }

    /** An allocation saved without a record of a requested rate: the problem's rate is the request. */
    public SavedAllocation(long id, long studyId, String name, Instant createdAt, AllocationProblem problem,
                           AllocationResult result, double savingPercent) {
        this(id, studyId, name, createdAt, problem, result, savingPercent, Double.NaN, "");
    }

    /** The rate the allocation was asked to serve: the recorded request, else the problem's own rate. */
    public double requestedRate() {
        return Double.isFinite(requestedRatePerS) ? requestedRatePerS : problem.totalRatePerSecond();
    }
}
