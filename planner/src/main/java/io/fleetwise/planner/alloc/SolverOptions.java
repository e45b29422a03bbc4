package io.fleetwise.planner.alloc;

import java.util.Objects;

/**
 * @param relativeGap stop when (plan cost - bound) / plan cost is at most this
 * @param threads     solver threads (CP-SAT workers; SCIP and CBC use one)
 */
public record SolverOptions(SolverBackend backend, Formulation formulation, double timeLimitSeconds,
                            double relativeGap, int threads) {

    public SolverOptions {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(formulation, "formulation");
        if (!(timeLimitSeconds > 0)) {
            throw new IllegalArgumentException("Solver time limit must be > 0 s, was " + timeLimitSeconds);
        }
        if (!(relativeGap >= 0)) {
            throw new IllegalArgumentException("Relative gap must be >= 0, was " + relativeGap);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("Solver threads must be >= 1, was " + threads);
        }
    }

    /**
     * CP-SAT with one worker on the aggregated model: the fastest and steadiest in the allocator
     * benchmark (docs/benchmarks-allocator.md) and deterministic, so the same input gives the same plan.
     */
    public static SolverOptions defaults() {
        return new SolverOptions(SolverBackend.CP_SAT, Formulation.AGGREGATED, 30.0, 1e-6, 1);
    }

    public SolverOptions withBackend(SolverBackend b) {
        return new SolverOptions(b, formulation, timeLimitSeconds, relativeGap, threads);
    }

    public SolverOptions withFormulation(Formulation f) {
        return new SolverOptions(backend, f, timeLimitSeconds, relativeGap, threads);
    }

    public SolverOptions withTimeLimitSeconds(double s) {
        return new SolverOptions(backend, formulation, s, relativeGap, threads);
    }

    public SolverOptions withThreads(int n) {
        return new SolverOptions(backend, formulation, timeLimitSeconds, relativeGap, n);
    }
}
