package io.fleetwise.planner.plan;

import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ReplicaConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * DESIGN.md's central noun: how to serve a model with a fleet. Replica configs with counts and the share of traffic
 * each part takes, what the fleet costs, what it is predicted to do, and where it came from. The fleet allocator and
 * the plan search both produce one; What-if, Simulate, Execute and the report consume one; it is stored as a row
 * under its study, and measured runs attach to it by id.
 *
 * @param label          what a user reads, e.g. "2 x H100-SXM TP4 sarathi + 1 x L4 TP1 sarathi"
 * @param model          the catalog name of the model served
 * @param parts          replica configs with counts and routing shares (the shares sum to 1)
 * @param costPerHourUsd the whole fleet at the prices of {@link Provenance#priceOffersUsdPerGpuHour()}
 */
public record FleetPlan(String label, String model, List<Part> parts, double costPerHourUsd, Predicted predicted,
                        Provenance provenance) {

    /**
     * One part: {@code count} identical replicas.
     *
     * @param routingShare the share of all requests this part serves (all its replicas together)
     */
    public record Part(ReplicaConfig replica, int count, double routingShare) {
        public Part {
            Objects.requireNonNull(replica, "replica");
            if (count < 1) {
                throw new IllegalArgumentException("A plan part needs at least one replica of " + replica.label()
                        + ", had " + count);
            }
            if (!(routingShare >= 0 && routingShare <= 1 + 1e-9)) {
                throw new IllegalArgumentException("Routing share of " + replica.label() + " must be in [0, 1], was "
                        + routingShare);
            }
        }

        public int gpuCount() {
            return count * replica.gpuCount();
        }
    }

    /**
     * What the plan is predicted to do at {@code ratePerS}; NaN where the producer does not predict it.
     *
     * @param simulated whether the latency figures come from a simulation (else the analytic bound or none)
     */
    public record Predicted(double ratePerS, double goodputPerS, double sloAttainment, double ttftP90Ms,
                            double tpotP90Ms, boolean simulated) {
        public static Predicted unknown(double ratePerS) {
            return new Predicted(ratePerS, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
        }
    }

    /**
     * Where the plan came from.
     *
     * @param service                  {@link #FLEET_ALLOCATION} or {@link #PLAN_SEARCH}
     * @param inputFingerprint         fingerprint of the study inputs the plan was computed from (workload, SLO,
     *                                 cluster, prices, calibration, engine); empty when it was not computed from a study
     * @param calibrationFingerprint   {@code CalibrationSet.fingerprint()} it was predicted with
     * @param calibration              the words that name that calibration
     * @param engine                   the engine profile id (e.g. vllm-0.6)
     * @param priceOffersUsdPerGpuHour price per GPU-hour of each GPU type the cost is at
     */
    public record Provenance(String service, String inputFingerprint, String calibrationFingerprint, String calibration,
                             String engine, Map<String, Double> priceOffersUsdPerGpuHour) {
        public Provenance {
            Objects.requireNonNull(service, "service");
            inputFingerprint = inputFingerprint == null ? "" : inputFingerprint;
            Objects.requireNonNull(calibrationFingerprint, "calibrationFingerprint");
            Objects.requireNonNull(calibration, "calibration");
            Objects.requireNonNull(engine, "engine");
            priceOffersUsdPerGpuHour = Collections.unmodifiableMap(new LinkedHashMap<>(priceOffersUsdPerGpuHour));
        }

        public Provenance withInputFingerprint(String fingerprint) {
            return new Provenance(service, fingerprint, calibrationFingerprint, calibration, engine,
                    priceOffersUsdPerGpuHour);
        }
    }

    public static final String FLEET_ALLOCATION = "fleet-allocation";
    public static final String PLAN_SEARCH = "plan-search";

    public FleetPlan {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(model, "model");
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("A fleet plan needs at least one part");
        }
        Objects.requireNonNull(predicted, "predicted");
        Objects.requireNonNull(provenance, "provenance");
    }

    public int gpuCount() {
        return parts.stream().mapToInt(Part::gpuCount).sum();
    }

    public int replicaCount() {
        return parts.stream().mapToInt(Part::count).sum();
    }

    /** The weight formats of parts that do not serve the model's own checkpoint format, e.g. [int4]. */
    public List<DType> quantizedFormats(DType nativeFormat) {
        return parts.stream().map(p -> p.replica().weightDtype()).filter(d -> d != nativeFormat).distinct().toList();
    }

    /** "2 x H100-SXM TP4 bf16 sarathi + 1 x L4 TP1 bf16 sarathi". */
    public static String describe(List<Part> parts) {
        return parts.stream().map(p -> p.count() + " x " + p.replica().label()).collect(Collectors.joining(" + "));
    }

    public FleetPlan withProvenance(Provenance p) {
        return new FleetPlan(label, model, parts, costPerHourUsd, predicted, p);
    }
}
