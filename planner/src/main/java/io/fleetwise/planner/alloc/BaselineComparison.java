package io.fleetwise.planner.alloc;

import java.util.List;
import java.util.Optional;

/**
 * The mix against fleets of a single candidate type (Mélange's headline figure).
 *
 * @param singleTypeFleets one result per candidate, solved with only that candidate (may be INFEASIBLE
 *                         when it cannot serve some bucket or its cap is too low)
 */
public record BaselineComparison(AllocationResult mix, List<AllocationResult> singleTypeFleets) {

    public BaselineComparison {
        singleTypeFleets = List.copyOf(singleTypeFleets);
    }

    /** The cheapest single-type fleet that serves the workload, if any does. */
    public Optional<AllocationResult> bestSingleType() {
        AllocationResult best = null;
        for (AllocationResult r : singleTypeFleets) {
            if (r.hasPlan() && (best == null || r.costPerHourUsd() < best.costPerHourUsd())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Name of the only candidate a single-type fleet uses. */
    public static String candidateOf(AllocationResult singleTypeFleet) {
        return singleTypeFleet.candidates().get(0).name();
    }

    /**
     * Saving of the mix against the best single type, in percent of the single type's cost
     * ((best - mix) / best x 100); NaN when the mix or every baseline has no plan or the best costs 0.
     */
    public double savingPercent() {
        Optional<AllocationResult> best = bestSingleType();
        if (!mix.hasPlan() || best.isEmpty() || best.get().costPerHourUsd() <= 0) {
            return Double.NaN;
        }
        return 100.0 * (best.get().costPerHourUsd() - mix.costPerHourUsd()) / best.get().costPerHourUsd();
    }
}
