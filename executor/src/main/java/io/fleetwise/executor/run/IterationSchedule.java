package io.fleetwise.executor.run;

import java.util.List;

/** The batches a replica runs, in order (from the simulator, a trace, or a test). */
public record IterationSchedule(List<Iteration> iterations) {
    public IterationSchedule {
        iterations = List.copyOf(iterations);
        if (iterations.isEmpty()) {
            throw new IllegalArgumentException("The schedule has no iterations");
        }
    }
}
