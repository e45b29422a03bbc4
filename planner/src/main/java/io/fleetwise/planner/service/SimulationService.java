package io.fleetwise.planner.service;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.sim.RouterPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.sim.ConcurrencySearch;
import io.fleetwise.planner.sim.LoadMode;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.SimulationResult;
import io.fleetwise.planner.sim.SimulationTraceSink;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.RequestTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * The simulate workflow, the same for the Simulate area, {@code fleetwise simulate} and the plans they hand over:
 * resolve and check a {@link SimulationRequest} against the catalog, simulate it, and sweep the rate (or the
 * concurrency cap) around it.
 */
public final class SimulationService {

    /** Sweep points as multiples of the request's rate (open loop) or concurrency cap (closed loop). */
    public static final double[] SWEEP_FACTORS = {0.25, 0.5, 1.0, 1.5, 2.0, 3.0};
    /** Requests per sweep simulation, at most: enough for a stable throughput, quick on two cores. */
    public static final int SWEEP_MAX_REQUESTS = 400;

    private final Supplier<Catalog> catalog;

    public SimulationService(Supplier<Catalog> catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** A request resolved against the catalog: what will be simulated. */
    public record Resolved(SimulationRequest request, ModelSpec model, ReplicaConfig replica, MemoryPlan memory) {
        public SimulationConfig config() {
            return new SimulationConfig(model, List.of(ReplicaGroup.of(replica, request.replicas())), request.router(),
                    request.calibration(), request.slo(), EnergyModel.standard(), request.load());
        }
    }

    /** The outcome of one simulation, with what it was asked and what it ran. */
    public record Outcome(Resolved resolved, RequestTrace trace, SimulationResult result, double wallSeconds) {
    }

    /** One point of a sweep: the rate or the concurrency cap it ran at, and its result. */
    public record SweepPoint(double x, SimulationResult result) {
    }

    /**
     * Checks the request: the model and GPU type exist, the parallelism suits the model, the replica fits.
     *
     * @throws IllegalArgumentException with the one message every entry point shows
     */
    public Resolved resolve(SimulationRequest request) {
        Catalog c = catalog.get();
        ModelSpec model = model(c, request.model());
        ReplicaConfig replica = request.replica().resolve(c, model, request.calibration().engine());
        MemoryPlan memory = ServingRules.requireFits(model, replica, request.calibration().engine());
        return new Resolved(request, model, replica, memory);
    }

    /** Simulates the request; {@code sink} sees the timeline (null for none). */
    public Outcome simulate(SimulationRequest request, ProgressListener listener, SimulationTraceSink sink) {
        Resolved resolved = resolve(request);
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        long t0 = System.nanoTime();
        progress.progress(0, "Preparing the requests of " + request.workload().describe());
        RequestTrace trace = load(request.workload());
        SimulationResult result = Simulator.run(resolved.config(), trace, progress,
                sink == null ? SimulationTraceSink.NONE : sink);
        return new Outcome(resolved, trace, result, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * A whole fleet plan on a workload: every part's replicas behind the router, each part taking its routing share
     * (prefill and decode pools as the plan splits them). What "Simulate this plan" runs, whatever the plan's shape.
     *
     * @throws IllegalArgumentException when the plan's model is unknown or a part's replica does not fit
     */
    public PlanOutcome simulatePlan(FleetPlan plan, WorkloadRequest workload, Slo slo, CalibrationSet calibration,
                                    ProgressListener listener, SimulationTraceSink sink) {
        ModelSpec model = model(catalog.get(), plan.model());
        List<ReplicaGroup> groups = new ArrayList<>();
        for (FleetPlan.Part part : plan.parts()) {
            ServingRules.requireFits(model, part.replica(), calibration.engine());
            // a part's weight is per replica: its share spread over its replicas
            groups.add(new ReplicaGroup(part.replica(), part.count(), Math.max(1e-9, part.routingShare() / part.count())));
        }
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        long t0 = System.nanoTime();
        RequestTrace trace = load(workload);
        SimulationConfig config = new SimulationConfig(model, groups, RouterPolicy.WEIGHTED, calibration, slo,
                EnergyModel.standard());
        SimulationResult result = Simulator.run(config, trace, progress, sink == null ? SimulationTraceSink.NONE : sink);
        return new PlanOutcome(plan, trace, result, (System.nanoTime() - t0) / 1e9);
    }

    /** A simulated fleet plan. */
    public record PlanOutcome(FleetPlan plan, RequestTrace trace, SimulationResult result, double wallSeconds) {
    }

    /**
     * The request at {@link #SWEEP_FACTORS} times its rate (open loop) or concurrency cap (closed loop), each with at
     * most {@link #SWEEP_MAX_REQUESTS} requests. Offline runs and infinite open-loop rates have nothing to sweep.
     */
    public List<SweepPoint> sweep(SimulationRequest request, ProgressListener listener) {
        Resolved resolved = resolve(request);
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        LoadMode load = request.load();
        WorkloadRequest w = request.workload();
        boolean closed = load.capsConcurrency();
        if (load.isOffline() || (!closed && Double.isInfinite(w.ratePerS()))) {
            return List.of();
        }
        int n = w.isGenerated() ? Math.min(w.requests(), SWEEP_MAX_REQUESTS) : SWEEP_MAX_REQUESTS;
        List<SweepPoint> points = new ArrayList<>();
        for (int k = 0; k < SWEEP_FACTORS.length; k++) {
            if (progress.isCancelled()) {
                throw new CancellationException("Sweep cancelled");
            }
            double f = SWEEP_FACTORS[k];
            int cap = closed ? Math.max(1, (int) Math.round(load.maxConcurrency() * f)) : 0;
            WorkloadRequest point = closed ? w.withRequests(n) : w.withRequests(n).withRate(rateOf(w) * f);
            SimulationConfig config = closed ? resolved.config().withLoad(LoadMode.closedLoop(cap)) : resolved.config();
            SimulationResult r = Simulator.run(config, load(point), progress, SimulationTraceSink.NONE);
            points.add(new SweepPoint(closed ? cap : rateOf(point), r));
            progress.progress((k + 1.0) / SWEEP_FACTORS.length, "Sweep point " + (k + 1) + " of " + SWEEP_FACTORS.length);
        }
        return points;
    }

    /**
     * The highest Poisson rate one replica of the request sustains at its SLO (open loop), with request lengths drawn
     * from {@code lengths} (the request's own workload is not used).
     */
    public CapacitySearch.Result maxRate(SimulationRequest request, LengthDistribution lengths,
                                         CapacitySearch.Options options, ProgressListener listener) {
        Resolved r = resolve(request);
        // the closed-form estimate brackets the search (the same answer as without, in fewer simulations)
        double estimate = io.fleetwise.planner.throughput.CapacityEstimate.startRatePerS(r.model(), r.replica(), lengths,
                request.slo(), request.calibration());
        return CapacitySearch.maxRate(r.model(), r.replica(), lengths, request.slo(), options, request.calibration(),
                estimate, listener);
    }

    /** The most requests in flight one replica of the request sustains at its SLO (closed loop). */
    public ConcurrencySearch.Result maxConcurrency(SimulationRequest request, LengthDistribution lengths,
                                                   ConcurrencySearch.Options options, ProgressListener listener) {
        Resolved r = resolve(request);
        return ConcurrencySearch.maxConcurrency(r.model(), r.replica(), lengths, request.slo(), options,
                request.calibration(), listener);
    }

    private static double rateOf(WorkloadRequest w) {
        if (!Double.isNaN(w.ratePerS())) {
            return w.ratePerS();
        }
        return load(w).meanRatePerS();
    }

    static RequestTrace load(WorkloadRequest workload) {
        try {
            return workload.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + workload.trace() + ": " + e.getMessage(), e);
        }
    }

    static ModelSpec model(Catalog catalog, String name) {
        try {
            return catalog.model(name);
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
