package io.fleetwise.views.simulate;

import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;

import java.util.Objects;

/**
 * What another area asks the Simulate area to load: a model on {@code replicas} identical replicas, a workload
 * preset at a rate, and the SLO.
 *
 * @param source who asked, for the status line ("Plans: plan #1 ...")
 */
public record SimulationRequest(String modelName, ReplicaConfig replica, int replicas, String workloadPreset,
                                double ratePerS, int requests, Slo slo, String source) {

    public SimulationRequest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(workloadPreset, "workloadPreset");
        Objects.requireNonNull(slo, "slo");
        source = source == null ? "" : source;
        if (replicas < 1) {
            throw new IllegalArgumentException("SimulationRequest: replicas must be >= 1, was " + replicas);
        }
        if (!(ratePerS > 0) || Double.isInfinite(ratePerS)) {
            throw new IllegalArgumentException("SimulationRequest: ratePerS must be > 0, was " + ratePerS);
        }
        if (requests < 1) {
            throw new IllegalArgumentException("SimulationRequest: requests must be >= 1, was " + requests);
        }
    }
}
