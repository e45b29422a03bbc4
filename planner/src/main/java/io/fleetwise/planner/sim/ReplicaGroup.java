package io.fleetwise.planner.sim;

import io.fleetwise.planner.model.ReplicaConfig;

import java.util.Objects;

/** {@code count} identical replicas; {@code routingWeight} is the group's share under {@link RouterPolicy#WEIGHTED}. */
public record ReplicaGroup(ReplicaConfig config, int count, double routingWeight) {

    public ReplicaGroup {
        Objects.requireNonNull(config, "config");
        if (count <= 0) {
            throw new IllegalArgumentException("ReplicaGroup " + config.label() + ": count must be > 0, was " + count);
        }
        if (!(routingWeight >= 0)) {
            throw new IllegalArgumentException("ReplicaGroup " + config.label() + ": routingWeight must be >= 0, was " + routingWeight);
        }
    }

    public static ReplicaGroup of(ReplicaConfig config, int count) {
        return new ReplicaGroup(config, count, count);
    }
}
