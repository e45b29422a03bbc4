package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.BatchShape;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;

import java.util.List;
import java.util.Locale;

/**
 * Simulator throughput: 1M chat requests on 16 replicas of Llama-3.1-8B on H100 (Sarathi 512), and a capacity
 * search's wall time. A main that prints a table (docs/benchmarks.md); not a test.
 * Args: [requests] [replicas] [ratePerS].
 */
public final class SimulatorBenchmark {
    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 120.0;
        Catalog catalog = Catalog.builtIn();
        ModelSpec model = catalog.model("Llama-3.1-8B");
        ReplicaConfig rc = ReplicaConfig.of(catalog.gpu("H100-SXM"), 1).withBatching(BatchingPolicy.sarathi(512));
        Slo slo = Slo.of(2000, 100, 0.9);
        // -Dengine=vllm-0.6 compares with builds before engine profiles (their host model was vLLM 0.6's).
        CalibrationSet calibrations = CalibrationSet.builtIn()
                .withEngine(EngineProfiles.byId(System.getProperty("engine", EngineProfiles.DEFAULT_ID)));

        // Perf-model evaluation cost.
        PerformanceModel pm = PerformanceModel.create(model, rc, calibrations);
        double sink = 0;
        long p0 = System.nanoTime();
        int evals = 2_000_000;
        for (int i = 0; i < evals; i++) {
            sink += pm.iterationTimeNs(i % 400, 1, 1000.0 * (i % 7), 900 + i % 50, 40 + i % 80, 40_000L + i);
        }
        double nsPerEval = (System.nanoTime() - p0) / (double) evals;
        long p1 = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            sink += pm.predict(BatchShape.decode(1 + i % 200, 500 + i % 1000)).totalNs();
        }
        double nsPerPredict = (System.nanoTime() - p1) / 100_000.0;

        long g0 = System.nanoTime();
        RequestTrace trace = WorkloadGenerator.poisson("chat", rate, requests, 1);
        double genS = (System.nanoTime() - g0) / 1e9;
        SimulationConfig cfg = SimulationConfig.of(model, List.of(ReplicaGroup.of(rc, replicas)), slo, calibrations);
        int[] iterations = {0};
        SimulationTraceSink counting = new SimulationTraceSink() {
            @Override
            public void iteration(int r, long s, long e, int ps, int pt, int ds, long dc) {
                iterations[0]++;
            }
        };
        // Warm-up on a small slice so the JIT has compiled the hot loop.
        Simulator.run(cfg, trace.head(Math.min(requests, 50_000)));
        long s0 = System.nanoTime();
        SimulationResult result = Simulator.run(cfg, trace, ProgressListener.NONE, counting);
        double simS = (System.nanoTime() - s0) / 1e9;
        SimulationSummary s = result.summary();

        long c0 = System.nanoTime();
        CapacitySearch.Result cap = CapacitySearch.maxRate(model, rc, LengthPresets.preset("chat"), slo,
                CapacitySearch.Options.defaults(), calibrations, null);
        double capS = (System.nanoTime() - c0) / 1e9;

        System.out.printf(Locale.ROOT, "| metric | value |%n| --- | --- |%n");
        System.out.printf(Locale.ROOT, "| cores available | %d |%n", Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "| engine | %s |%n", calibrations.engine().describe());
        System.out.printf(Locale.ROOT, "| perf model iterationTimeNs (fast path) | %.0f ns/call |%n", nsPerEval);
        System.out.printf(Locale.ROOT, "| perf model predict (with breakdown) | %.0f ns/call |%n", nsPerPredict);
        System.out.printf(Locale.ROOT, "| workload generation (%d requests) | %.2f s |%n", requests, genS);
        System.out.printf(Locale.ROOT, "| simulation: %d requests, %d replicas, %.0f req/s offered | %.2f s wall |%n", requests, replicas, rate, simS);
        System.out.printf(Locale.ROOT, "| simulated requests per wall second | %.0f |%n", requests / simS);
        System.out.printf(Locale.ROOT, "| iterations simulated | %d (%.0f ns each) |%n", iterations[0], simS * 1e9 / iterations[0]);
        System.out.printf(Locale.ROOT, "| simulated time | %.0f s; completed %d, TTFT p50 %.0f ms p99 %.0f ms, TPOT p50 %.1f ms, mean batch %.1f |%n",
                s.durationS(), s.completed(), s.ttft().p50Ms(), s.ttft().p99Ms(), s.tpot().p50Ms(), s.meanBatchSize());
        System.out.printf(Locale.ROOT, "| capacity search (2000 requests/sim, tol 2%%) | %.2f s wall, %d simulations, %.2f req/s |%n",
                capS, cap.simulations(), cap.maxRatePerS());
        if (sink == 42) {
            System.out.println();
        }
    }
}
