package io.fleetwise.planner.alloc;

import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/** Solves the mix and, for every candidate, the same problem with only that candidate. */
public final class Baselines {

    private final FleetAllocator allocator;

    public Baselines(FleetAllocator allocator) {
        this.allocator = allocator;
    }

    /** @throws CancellationException when the listener asks to cancel */
    public BaselineComparison compare(AllocationProblem problem, ProgressListener listener) {
        int steps = problem.candidates().size() + 1;
        listener.progress(0.0, "Solving the mix");
        AllocationResult mix = allocator.solve(problem, ProgressListener.NONE);
        return new BaselineComparison(mix, singleTypeFleets(problem, listener, 1, steps));
    }

    public BaselineComparison compare(AllocationProblem problem) {
        return compare(problem, ProgressListener.NONE);
    }

    /** The cheapest fleet of each single candidate (same workload, caps, headroom and mode). */
    public List<AllocationResult> singleTypeFleets(AllocationProblem problem, ProgressListener listener) {
        return singleTypeFleets(problem, listener, 0, problem.candidates().size());
    }

    private List<AllocationResult> singleTypeFleets(AllocationProblem problem, ProgressListener listener, int done,
                                                    int steps) {
        List<AllocationResult> results = new ArrayList<>();
        for (AllocationCandidate c : problem.candidates()) {
            if (listener.isCancelled()) {
                throw new CancellationException("Baselines cancelled");
            }
            listener.progress((double) done / steps, "Single-type fleet of " + c.name());
            results.add(allocator.solve(problem.withCandidates(List.of(c)), ProgressListener.NONE));
            done++;
        }
        listener.progress(1.0, "Baselines done");
        return results;
    }
}
