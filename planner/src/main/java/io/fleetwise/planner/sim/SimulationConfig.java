package io.fleetwise.planner.sim;

import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.EnergyModel;

import java.util.List;
import java.util.Objects;

/**
 * What to simulate: a model served by groups of replicas behind a router. Groups with role PREFILL and DECODE form
 * a disaggregated deployment (requests go to a prefill replica, then their KV moves to the least-loaded decode
 * replica over the prefill node's NIC). {@code slo} may be null (no goodput). {@code calibration} says how each
 * group's GPU type and the serving engine are predicted. {@code load} is how the client sends the trace's requests
 * ({@link LoadMode}: open loop at the trace's arrival times unless told otherwise).
 */
public record SimulationConfig(ModelSpec model, List<ReplicaGroup> groups, RouterPolicy router,
                               CalibrationSet calibration, Slo slo, EnergyModel energy, LoadMode load) {

    /** Open loop: every request sent at its arrival time. */
    public SimulationConfig(ModelSpec model, List<ReplicaGroup> groups, RouterPolicy router, CalibrationSet calibration,
                            Slo slo, EnergyModel energy) {
        this(model, groups, router, calibration, slo, energy, LoadMode.openLoop());
    }

    public SimulationConfig {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(energy, "energy");
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("SimulationConfig needs at least one replica group");
        }
        boolean prefill = groups.stream().anyMatch(g -> g.config().role() == ReplicaRole.PREFILL);
        boolean decode = groups.stream().anyMatch(g -> g.config().role() == ReplicaRole.DECODE);
        if (prefill != decode) {
            throw new IllegalArgumentException("A disaggregated deployment needs both PREFILL and DECODE replica groups; got "
                    + (prefill ? "only PREFILL" : "only DECODE") + ". Maybe set role MIXED.");
        }
    }

    public static SimulationConfig of(ModelSpec model, List<ReplicaGroup> groups, Slo slo, CalibrationSet calibration) {
        return new SimulationConfig(model, groups, RouterPolicy.LEAST_OUTSTANDING, calibration, slo, EnergyModel.standard());
    }

    public boolean disaggregated() {
        return groups.stream().anyMatch(g -> g.config().role() == ReplicaRole.PREFILL);
    }

    public int replicaCount() {
        return groups.stream().mapToInt(ReplicaGroup::count).sum();
    }

    public SimulationConfig withRouter(RouterPolicy r) {
        return new SimulationConfig(model, groups, r, calibration, slo, energy, load);
    }

    public SimulationConfig withCalibration(CalibrationSet c) {
        return new SimulationConfig(model, groups, router, c, slo, energy, load);
    }

    public SimulationConfig withSlo(Slo s) {
        return new SimulationConfig(model, groups, router, calibration, s, energy, load);
    }

    public SimulationConfig withLoad(LoadMode l) {
        return new SimulationConfig(model, groups, router, calibration, slo, energy, l);
    }
}
