package io.fleetwise.planner.validation;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.sim.LoadMode;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.RouterPolicy;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.SimulationSummary;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.validation.BenchmarkPoint.Metric;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Replays one benchmark point in the simulator the way it was run, and reads the figures its client printed. */
final class BenchmarkReplay {
    private static final Catalog CATALOG = Catalog.builtIn();

    /** What the simulator predicted for a point, or why it could not be replayed. */
    record Outcome(BenchmarkPoint point, Map<Metric, Double> predicted, int dropped, String skippedBecause) {
        boolean replayed() {
            return skippedBecause == null;
        }

        /** Signed relative error predicted / measured - 1 of a metric the point has. */
        double error(Metric m) {
            return predicted.get(m) / point.measured().get(m) - 1;
        }
    }

    private BenchmarkReplay() {
    }

    static Outcome run(BenchmarkPoint p, CalibrationProfile profile, EngineProfile engine) {
        ModelSpec model = CATALOG.model(p.model());
        ReplicaConfig replica = replica(p, engine);
        RequestTrace trace = BenchmarkTraces.of(p);
        SimulationConfig cfg = new SimulationConfig(model, List.of(ReplicaGroup.of(replica, 1)), RouterPolicy.ROUND_ROBIN,
                CalibrationSet.uniform(profile, engine), null, EnergyModel.standard(), load(p));
        SimulationSummary s;
        try {
            s = Simulator.run(cfg, trace).summary();
        } catch (IllegalArgumentException e) {
            return new Outcome(p, Map.of(), 0, e.getMessage());
        }
        Map<Metric, Double> predicted = new EnumMap<>(Metric.class);
        predicted.put(Metric.requestThroughput, s.requestThroughputPerS());
        predicted.put(Metric.outputThroughput, s.outputTokensPerS());
        predicted.put(Metric.totalThroughput, s.totalTokensPerS());
        predicted.put(Metric.meanTtftMs, s.ttft().meanMs());
        predicted.put(Metric.meanTpotMs, s.tpot().meanMs());
        predicted.put(Metric.medianTtftMs, s.ttft().p50Ms());
        predicted.put(Metric.medianTpotMs, s.tpot().p50Ms());
        predicted.put(Metric.medianE2eMs, s.e2e().p50Ms());
        return new Outcome(p, predicted, s.dropped(), null);
    }

    /** Benchmark clients send through the API server: a burst is an open loop with every arrival at t = 0. */
    static LoadMode load(BenchmarkPoint p) {
        return p.load().mode().equals("concurrency") ? LoadMode.closedLoop(p.load().maxConcurrency()) : LoadMode.openLoop();
    }

    static Outcome run(BenchmarkPoint p) {
        return run(p, Testbeds.profile(p.testbed()), TunedEngines.current(p.engine()));
    }

    static ReplicaConfig replica(BenchmarkPoint p, EngineProfile engine) {
        DType weights = DType.parse(p.dtype().weights());
        DType activations = DType.parse(p.dtype().activations());
        DType kv = DType.parse(p.dtype().kv());
        return ReplicaConfig.of(CATALOG.gpu(p.gpu()), p.tp()).withDtypes(weights, kv, activations)
                .withBatching(EngineReplay.batching(engine, p));
    }
}
