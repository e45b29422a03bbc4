package io.fleetwise.views.simulate;

import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;

import io.fleetwise.planner.plan.FleetPlan;

import java.util.Objects;

/**
 * What another area asks the Simulate area to load: a model on {@code replicas} identical replicas, a workload
 * preset at a rate, and the SLO; or a whole fleet plan, which Simulate runs with all its parts.
 *
 * @param source who asked, for the status line ("Plans: plan #1 ...")
 * @param plan   the plan to simulate whole (its parts, counts and routing shares); null for one replica config
 * @param planId the plan's row in the study (its runs attach there); 0 when it is not stored
 */
public record SimulationRequest(String modelName, ReplicaConfig replica, int replicas, String workloadPreset,
                                double ratePerS, int requests, Slo slo, String source, FleetPlan plan, long planId) {

    /** One replica config, no plan. */
    public SimulationRequest(String modelName, ReplicaConfig replica, int replicas, String workloadPreset,
                             double ratePerS, int requests, Slo slo, String source) {
        this(modelName, replica, replicas, workloadPreset, ratePerS, requests, slo, source, null, 0);
    }

    /** A whole plan: the form shows its first part; Run simulates every part. */
    public static SimulationRequest ofPlan(FleetPlan plan, long planId, String workloadPreset, double ratePerS,
                                           int requests, Slo slo, String source) {
        FleetPlan.Part first = plan.parts().get(0);
        return new SimulationRequest(plan.model(), first.replica(), first.count(), workloadPreset, ratePerS, requests,
                slo, source, plan, planId);
    }

    /** Whether the request is a plan Simulate cannot show in its one-config form (several parts, or pools). */
    public boolean isWholePlan() {
        return plan != null && (plan.parts().size() > 1
                || plan.parts().stream().anyMatch(p -> p.replica().role() != io.fleetwise.planner.model.ReplicaRole.MIXED));
    }

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
