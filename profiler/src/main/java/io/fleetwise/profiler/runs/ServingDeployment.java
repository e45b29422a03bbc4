package io.fleetwise.profiler.runs;

import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.sim.RouterPolicy;

import java.util.Objects;

/** What served the runs: the model on {@code replicas} replicas of one configuration behind a router. */
public record ServingDeployment(ModelSpec model, ReplicaConfig replica, int replicas, RouterPolicy router) {
    public ServingDeployment {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(router, "router");
        if (replicas < 1) {
            throw new IllegalArgumentException("A deployment needs >= 1 replica, was " + replicas);
        }
    }

    public static ServingDeployment of(ModelSpec model, ReplicaConfig replica) {
        return new ServingDeployment(model, replica, 1, RouterPolicy.LEAST_OUTSTANDING);
    }

    public String label() {
        return model.name() + " on " + (replicas > 1 ? replicas + " x " : "") + replica.label();
    }
}
