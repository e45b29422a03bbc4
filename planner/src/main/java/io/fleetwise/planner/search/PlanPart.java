package io.fleetwise.planner.search;

import java.util.Objects;

/** {@code count} identical replicas of one shape on its node group. */
public record PlanPart(ReplicaShape shape, int count) {

    public PlanPart {
        Objects.requireNonNull(shape, "shape");
        if (count <= 0) {
            throw new IllegalArgumentException("PlanPart " + shape.label() + ": count must be > 0, was " + count);
        }
    }

    public int gpuCount() {
        return count * shape.gpuCount();
    }

    public double costPerHourUsd() {
        return gpuCount() * shape.config().gpu().price().onDemandUsdPerHour();
    }

    public String label() {
        return count + "x " + shape.label();
    }
}
