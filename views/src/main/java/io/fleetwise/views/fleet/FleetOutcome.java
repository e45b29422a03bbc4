package io.fleetwise.views.fleet;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.simulated.FleetValidation;

import java.util.List;

/**
 * What one Solve produced: the problem as solved (with its simulated throughput tables), the mix against
 * every single-type fleet, and the cost-vs-rate sweep.
 *
 * @param validation  the planned fleet simulated on the workload; null when there is no plan
 * @param notes       why some candidates cannot serve some buckets
 * @param searches    capacity searches run for this solve (0 when every table came from the cache)
 */
public record FleetOutcome(AllocationProblem problem, BaselineComparison comparison, List<RateSweepPoint> sweep,
                           FleetValidation validation, List<String> notes, int requestsPerSimulation, int searches,
                           double wallSeconds) {

    public FleetOutcome {
        sweep = List.copyOf(sweep);
        notes = List.copyOf(notes);
    }
}
