package io.fleetwise.planner.service;

import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.alloc.SolverOptions;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * "Which GPUs, how many": one fleet allocation as every entry point asks for it (the Fleet area, {@code fleetwise
 * allocate --model/--study}, each what-if variant, the report). A study's allocation is {@link #fromStudy}, so all of
 * them solve the same problem for the same study and give the same answer.
 *
 * @param gpuTypes            the GPU types that may serve, in the order the user listed them
 * @param replicas            explicit replica configs; empty: the {@code replicaSizesPerType} smallest that hold the
 *                            model on each of {@code gpuTypes}
 * @param pricesUsdPerGpuHour prices the user entered, per GPU type; the others are the catalog's of {@code priceKind}
 * @param gpuCaps             most GPUs of a type a plan may use; types not listed are unlimited
 * @param workload            where request lengths come from (the bucket shares); its rate is not used
 * @param budgetUsdPerHour    NaN: the cheapest fleet that serves the rate; a number: serve as much as this buys
 * @param validationRequests  requests of the simulation that checks the planned fleet (when {@code validate})
 * @param sweepPoints         points of the cost-vs-rate sweep from a quarter to twice the rate; 0 for none
 */
public record FleetAllocationRequest(String model, List<String> gpuTypes, List<ReplicaSpec> replicas,
                                     Map<String, Double> pricesUsdPerGpuHour, Map<String, Integer> gpuCaps,
                                     WorkloadRequest workload, double ratePerS, Slo slo, PriceKind priceKind,
                                     int replicaSizesPerType, CapacitySettings capacity, double headroomFraction,
                                     int sliceFactor, double budgetUsdPerHour, SolverOptions solver, boolean validate,
                                     int validationRequests, int sweepPoints, CalibrationSet calibration,
                                     PriceResolver priceBook) {

    /** The SLO an allocation is planned for when nobody set one. */
    public static final Slo DEFAULT_SLO = Slo.of(2000, 100, 0.9);
    /**
     * Replica sizes offered per GPU type: the two smallest that hold the model with a KV pool that can serve. The
     * smallest is often KV-starved and the next one serves more per GPU, so offering both finds the cheapest fleet
     * (never a dearer one: the candidates are a superset) for twice the capacity searches (docs/decisions/0006).
     */
    public static final int DEFAULT_REPLICA_SIZES_PER_TYPE = 2;
    /** Mélange's slice factor: each bucket's rate is split in this many slices the solver places independently. */
    public static final int DEFAULT_SLICE_FACTOR = 4;

    public FleetAllocationRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("Choose a model.");
        }
        gpuTypes = List.copyOf(gpuTypes);
        replicas = List.copyOf(replicas);
        if (gpuTypes.isEmpty() && replicas.isEmpty()) {
            throw new IllegalArgumentException("Select at least one GPU type.");
        }
        pricesUsdPerGpuHour = Collections.unmodifiableMap(new LinkedHashMap<>(pricesUsdPerGpuHour));
        pricesUsdPerGpuHour.forEach((gpu, price) -> {
            if (price == null || !(price >= 0) || Double.isInfinite(price)) {
                throw new IllegalArgumentException("Price for " + gpu + " must be >= 0 $/h, was " + price + ".");
            }
        });
        gpuCaps = Collections.unmodifiableMap(new LinkedHashMap<>(gpuCaps));
        gpuCaps.forEach((gpu, cap) -> {
            if (cap == null || cap < 0) {
                throw new IllegalArgumentException("Cap for " + gpu + " must be >= 0 GPUs, was " + cap + ".");
            }
        });
        Objects.requireNonNull(workload, "workload");
        ServingRules.rate("Request rate", ratePerS, false);
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(priceKind, "priceKind");
        if (replicaSizesPerType < 1 || replicaSizesPerType > 4) {
            throw new IllegalArgumentException("Replica sizes per GPU type must be 1 to 4, was " + replicaSizesPerType + ".");
        }
        Objects.requireNonNull(capacity, "capacity");
        if (!(headroomFraction >= 0) || Double.isInfinite(headroomFraction)) {
            throw new IllegalArgumentException("Headroom must be a fraction >= 0 (0.2 = 20 %), was " + headroomFraction + ".");
        }
        if (sliceFactor < 1) {
            throw new IllegalArgumentException("Slice factor must be >= 1, was " + sliceFactor + ".");
        }
        if (!Double.isNaN(budgetUsdPerHour) && !(budgetUsdPerHour >= 0)) {
            throw new IllegalArgumentException("Budget must be >= 0 $/h, was " + budgetUsdPerHour + ".");
        }
        Objects.requireNonNull(solver, "solver");
        if (validate) {
            ServingRules.requests("Validation requests", validationRequests);
        }
        if (sweepPoints != 0 && sweepPoints < 2) {
            throw new IllegalArgumentException("A rate sweep needs at least 2 points (0 for none), was " + sweepPoints + ".");
        }
        Objects.requireNonNull(calibration, "calibration");
    }

    /**
     * Llama-3.1-70B on H100-SXM, A100-80GB-SXM and L4 at on-demand prices, the chat preset at 20 requests/s,
     * {@link #DEFAULT_SLO}, the two smallest replicas per type, {@link CapacitySettings#defaults()}, no headroom or caps,
     * validated with 1,000 requests, an 8-point rate sweep, the built-in calibration.
     */
    public static FleetAllocationRequest defaults() {
        return new FleetAllocationRequest("Llama-3.1-70B", List.of("H100-SXM", "A100-80GB-SXM", "L4"), List.of(),
                Map.of(), Map.of(), WorkloadRequest.generated("chat", 20, WorkloadRequest.DEFAULT_REQUESTS), 20,
                DEFAULT_SLO, PriceKind.ON_DEMAND, DEFAULT_REPLICA_SIZES_PER_TYPE, CapacitySettings.defaults(), 0.0,
                DEFAULT_SLICE_FACTOR, Double.NaN, SolverOptions.defaults(), true, 1000, 8, CalibrationSet.builtIn(), null);
    }

    /**
     * A study's allocation: its model, the GPU types of its node groups (a group's explicit availability cap caps its
     * type; the drawn node counts do not, since the allocator answers how many to get), its workload's lengths and
     * rate, and its SLO; everything else {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming what the study lacks
     */
    public static FleetAllocationRequest fromStudy(StudyDocument study, CalibrationSet calibration) {
        if (study.modelName().isBlank()) {
            throw new IllegalArgumentException("Study '" + study.name() + "' has no model. Maybe choose one in the "
                    + "Workload area.");
        }
        if (study.nodeGroups().isEmpty()) {
            throw new IllegalArgumentException("Study '" + study.name() + "' has no cluster yet. Maybe add node groups "
                    + "in the Cluster area.");
        }
        List<String> types = new ArrayList<>();
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (NodeGroup g : study.nodeGroups()) {
            if (!types.contains(g.gpu().name())) {
                types.add(g.gpu().name());
            }
            if (g.availabilityCapGpus() > 0) {
                caps.merge(g.gpu().name(), g.availabilityCapGpus(), Integer::sum);
            }
        }
        WorkloadRequest workload = WorkloadRequest.of(study.workload());
        double rate = study.workload().source() == WorkloadSpec.Source.TRACE
                ? SimulationService.load(workload).meanRatePerS() : study.workload().ratePerS();
        FleetAllocationRequest d = defaults();
        return new FleetAllocationRequest(study.modelName(), types, List.of(), Map.of(), caps, workload, rate,
                study.slo(), d.priceKind(), d.replicaSizesPerType(), d.capacity(), d.headroomFraction(), d.sliceFactor(),
                d.budgetUsdPerHour(), d.solver(), d.validate(), d.validationRequests(), d.sweepPoints(), calibration,
                d.priceBook());
    }

    public FleetAllocationRequest withModel(String name) {
        return new FleetAllocationRequest(name, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, slo,
                priceKind, replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, calibration, priceBook);
    }

    /** These GPU types at these entered prices and caps (the Fleet area's candidate table); explicit replicas stay. */
    public FleetAllocationRequest withCandidates(List<String> types, Map<String, Double> prices, Map<String, Integer> caps) {
        return new FleetAllocationRequest(model, types, replicas, prices, caps, workload, ratePerS, slo, priceKind,
                replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, calibration, priceBook);
    }

    /** Explicit replica configs instead of the smallest fitting per GPU type. */
    public FleetAllocationRequest withReplicas(List<ReplicaSpec> specs) {
        return new FleetAllocationRequest(model, gpuTypes, specs, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, slo,
                priceKind, replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, calibration, priceBook);
    }

    public FleetAllocationRequest withWorkload(WorkloadRequest w, double rate) {
        return new FleetAllocationRequest(model, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, w, rate, slo, priceKind,
                replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, calibration, priceBook);
    }

    public FleetAllocationRequest withRate(double rate) {
        return withWorkload(workload, rate);
    }

    public FleetAllocationRequest withSlo(Slo s) {
        return new FleetAllocationRequest(model, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, s,
                priceKind, replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, calibration, priceBook);
    }

    public FleetAllocationRequest withPriceKind(PriceKind kind) {
        return new FleetAllocationRequest(model, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, slo,
                kind, replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, calibration, priceBook);
    }

    public FleetAllocationRequest withSizing(int sizesPerType, CapacitySettings settings) {
        return new FleetAllocationRequest(model, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, slo,
                priceKind, sizesPerType, settings, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, calibration, priceBook);
    }

    /** The objective: {@code budget} NaN for the cheapest fleet; headroom and slicing as the allocator takes them. */
    public FleetAllocationRequest withObjective(double headroom, int slices, double budget, SolverOptions options) {
        return new FleetAllocationRequest(model, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, slo,
                priceKind, replicaSizesPerType, capacity, headroom, slices, budget, options, validate, validationRequests,
                sweepPoints, calibration, priceBook);
    }

    /** Whether to check the planned fleet by simulation (with {@code requests}) and how many sweep points to solve. */
    public FleetAllocationRequest withChecks(boolean validatePlan, int requests, int points) {
        return new FleetAllocationRequest(model, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, slo,
                priceKind, replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver,
                validatePlan, requests, points, calibration, priceBook);
    }

    public FleetAllocationRequest withCalibration(CalibrationSet c) {
        return new FleetAllocationRequest(model, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, slo,
                priceKind, replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, c, priceBook);
    }

    /** Prices from this price book as the study chose it (null: the catalog's on-demand prices, the shipped book). */
    public FleetAllocationRequest withPriceBook(PriceResolver book) {
        return new FleetAllocationRequest(model, gpuTypes, replicas, pricesUsdPerGpuHour, gpuCaps, workload, ratePerS, slo,
                priceKind, replicaSizesPerType, capacity, headroomFraction, sliceFactor, budgetUsdPerHour, solver, validate,
                validationRequests, sweepPoints, calibration, book);
    }

    /** The prices the allocation is costed with: the book (or the catalog) of this kind, with the entered ones. */
    public io.fleetwise.planner.alloc.PriceSelection priceSelection() {
        io.fleetwise.planner.alloc.PriceSelection prices = priceBook == null
                ? io.fleetwise.planner.alloc.PriceSelection.of(priceKind)
                : io.fleetwise.planner.alloc.PriceSelection.of(priceKind, priceBook);
        for (Map.Entry<String, Double> p : pricesUsdPerGpuHour.entrySet()) {
            prices = prices.withPrice(p.getKey(), p.getValue());
        }
        return prices;
    }
}
