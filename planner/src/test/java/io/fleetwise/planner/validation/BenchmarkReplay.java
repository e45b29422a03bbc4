package io.fleetwise.planner.validation;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.EnergyModel;
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

    static Outcome run(BenchmarkPoint p, CalibrationSet profile) {
        if (p.load().mode().equals("concurrency")) {
            return new Outcome(p, Map.of(), 0, "closed-loop load (max concurrency " + p.load().maxConcurrency()
                    + ") is not simulated yet");
        }
        ModelSpec model = CATALOG.model(p.model());
        ReplicaConfig replica = replica(p);
        RequestTrace trace = BenchmarkTraces.of(p);
        SimulationConfig cfg = new SimulationConfig(model, List.of(ReplicaGroup.of(replica, 1)), RouterPolicy.ROUND_ROBIN,
                profile, null, EnergyModel.standard());
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

    static Outcome run(BenchmarkPoint p) {
        return run(p, CalibrationSet.builtIn());
    }

    static ReplicaConfig replica(BenchmarkPoint p) {
        DType weights = DType.parse(p.dtype().weights());
        DType activations = DType.parse(p.dtype().activations());
        DType kv = DType.parse(p.dtype().kv());
        return ReplicaConfig.of(CATALOG.gpu(p.gpu()), p.tp()).withDtypes(weights, kv, activations).withBatching(batching(p));
    }

    /** The engine's scheduler defaults on this GPU, with the point's explicit flags applied. */
    static BatchingPolicy batching(BenchmarkPoint p) {
        boolean bigGpu = CATALOG.gpu(p.gpu()).memoryGb() >= 70 && !p.gpu().startsWith("A100");
        BatchingPolicy b;
        switch (p.engine()) {
            case "vllm-0.6": {
                double maxModelLen = p.settings().getOrDefault("maxModelLen", 131072.0);
                b = maxModelLen > 32768 ? BatchingPolicy.sarathi(512)
                        : BatchingPolicy.vllmDefault().withMaxBatchedTokens((int) Math.max(maxModelLen, 2048));
                break;
            }
            case "vllm-v1":
                b = BatchingPolicy.sarathi(bigGpu ? 8192 : 2048).withMaxNumSeqs(bigGpu ? 1024 : 256).withPrefixCaching(true);
                break;
            case "sglang":
                b = BatchingPolicy.sarathi(8192).withMaxNumSeqs(4096).withPrefixCaching(true);
                break;
            default:
                throw new IllegalArgumentException(p.id() + ": unknown engine " + p.engine());
        }
        if (p.settings().containsKey("gpuMemoryUtilization")) {
            b = b.withGpuMemoryUtilization(p.settings().get("gpuMemoryUtilization"));
        }
        return b;
    }
}
