package io.fleetwise.planner.alloc;

import java.util.Objects;

/**
 * @param timeLimitSeconds  the most one solve may take
 * @param relativeGap       stop when (plan cost - bound) / plan cost is at most this
 * @param threads           solver threads (CP-SAT workers; SCIP and CBC use one)
 * @param deadlineNanoTime  {@link System#nanoTime()} by which every solve must end, whatever its own limit says
 *                          ({@link #NO_DEADLINE} for none): a command's time limit bounds the whole command, so each
 *                          solve gets only what the stages before it left
 */
public record SolverOptions(SolverBackend backend, Formulation formulation, double timeLimitSeconds,
                            double relativeGap, int threads, long deadlineNanoTime) {

    public static final long NO_DEADLINE = Long.MAX_VALUE;

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
        return new SolverOptions(SolverBackend.CP_SAT, Formulation.AGGREGATED, 30.0, 1e-6, 1, NO_DEADLINE);
    }

    public SolverOptions withBackend(SolverBackend b) {
        return new SolverOptions(b, formulation, timeLimitSeconds, relativeGap, threads, deadlineNanoTime);
    }

    public SolverOptions withFormulation(Formulation f) {
        return new SolverOptions(backend, f, timeLimitSeconds, relativeGap, threads, deadlineNanoTime);
    }

    public SolverOptions withTimeLimitSeconds(double s) {
        return new SolverOptions(backend, formulation, s, relativeGap, threads, deadlineNanoTime);
    }

    public SolverOptions withThreads(int n) {
        return new SolverOptions(backend, formulation, timeLimitSeconds, relativeGap, n, deadlineNanoTime);
    }

    /** Every solve ends by {@code nanoTime} (a {@link System#nanoTime()} value), even if its own limit is longer. */
    public SolverOptions withDeadline(long nanoTime) {
        return new SolverOptions(backend, formulation, timeLimitSeconds, relativeGap, threads, nanoTime);
    }

    /** The time a solve starting at {@code nowNanoTime} may take: its limit, or less when the deadline is nearer. */
    public double secondsAllowedAt(long nowNanoTime) {
        if (deadlineNanoTime == NO_DEADLINE) {
            return timeLimitSeconds;
        }
        return Math.max(0, Math.min(timeLimitSeconds, (deadlineNanoTime - nowNanoTime) / 1e9));
    }
}
