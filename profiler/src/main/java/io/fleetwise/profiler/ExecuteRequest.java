package io.fleetwise.profiler;

import io.fleetwise.executor.run.IterationSchedule;
import io.fleetwise.executor.run.TimingMode;
import io.fleetwise.planner.model.ModelSpec;

import java.util.Objects;

/**
 * One executor run: GPU {@code stage} of a replica of {@code model} with the given parallelism, running
 * {@code schedule} on {@code device} ("cpu" or "cuda:N").
 */
public record ExecuteRequest(ModelSpec model, int tp, int pp, int ep, int stage, IterationSchedule schedule, String device,
                             TimingMode mode, String traceName) {
    public ExecuteRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(mode, "mode");
        device = device == null || device.isBlank() ? "cpu" : device.trim();
        if (tp < 1 || pp < 1 || ep < 1) {
            throw new IllegalArgumentException("--tp, --pp and --ep must be >= 1, were " + tp + ", " + pp + ", " + ep);
        }
        if (stage < 0 || stage >= pp) {
            throw new IllegalArgumentException("--stage must be in 0.." + (pp - 1) + ", was " + stage);
        }
        traceName = traceName == null || traceName.isBlank() ? model.name() + " TP" + tp + " PP" + pp + " on " + device : traceName;
    }
}
