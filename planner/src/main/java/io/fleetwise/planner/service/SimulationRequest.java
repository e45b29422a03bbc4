package io.fleetwise.planner.service;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.sim.LoadMode;
import io.fleetwise.planner.sim.RouterPolicy;

import java.util.Objects;

/**
 * One simulation as every entry point asks for it: {@code replicas} identical replicas of a model behind a router,
 * serving a workload under a load mode, judged against an SLO, predicted with a calibration. What the Simulate area
 * and {@code fleetwise simulate} start from is {@link #defaults()}; each changes only what its user set.
 *
 * @param model the catalog name of the model
 */
public record SimulationRequest(String model, ReplicaSpec replica, int replicas, RouterPolicy router,
                                WorkloadRequest workload, LoadMode load, Slo slo, CalibrationSet calibration) {

    /** The SLO a simulation is judged on unless told otherwise: DistServe-style chat targets for 90 % of requests. */
    public static final Slo DEFAULT_SLO = Slo.of(1000, 100, 0.9);

    public SimulationRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("Choose a model.");
        }
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(calibration, "calibration");
        if (replicas < 1) {
            throw new IllegalArgumentException("Replicas must be at least 1, was " + replicas + ".");
        }
        if (load.isOpenLoop() && workload.isGenerated() && Double.isInfinite(workload.ratePerS())) {
            throw new IllegalArgumentException("An open loop needs a finite rate; an infinite rate sends every request "
                    + "at once. Maybe choose a closed loop (max concurrency) or offline.");
        }
    }

    /**
     * Llama-3.1-8B on one H100-SXM with the engine's scheduler for the model, the chat preset at 4 requests/s
     * (Poisson, 2,000 requests), an open loop, least-outstanding routing, {@link #DEFAULT_SLO}, built-in calibration.
     */
    public static SimulationRequest defaults() {
        return new SimulationRequest("Llama-3.1-8B", ReplicaSpec.defaults(), 1, RouterPolicy.LEAST_OUTSTANDING,
                WorkloadRequest.defaults(), LoadMode.openLoop(), DEFAULT_SLO, CalibrationSet.builtIn());
    }

    public SimulationRequest withModel(String name) {
        return new SimulationRequest(name, replica, replicas, router, workload, load, slo, calibration);
    }

    public SimulationRequest withReplica(ReplicaSpec spec) {
        return new SimulationRequest(model, spec, replicas, router, workload, load, slo, calibration);
    }

    public SimulationRequest withReplicas(int count) {
        return new SimulationRequest(model, replica, count, router, workload, load, slo, calibration);
    }

    public SimulationRequest withRouter(RouterPolicy policy) {
        return new SimulationRequest(model, replica, replicas, policy, workload, load, slo, calibration);
    }

    public SimulationRequest withWorkload(WorkloadRequest w) {
        return new SimulationRequest(model, replica, replicas, router, w, load, slo, calibration);
    }

    public SimulationRequest withLoad(LoadMode mode) {
        return new SimulationRequest(model, replica, replicas, router, workload, mode, slo, calibration);
    }

    public SimulationRequest withSlo(Slo s) {
        return new SimulationRequest(model, replica, replicas, router, workload, load, s, calibration);
    }

    public SimulationRequest withCalibration(CalibrationSet c) {
        return new SimulationRequest(model, replica, replicas, router, workload, load, slo, c);
    }
}
