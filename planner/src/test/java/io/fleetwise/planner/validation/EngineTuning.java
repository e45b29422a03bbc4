package io.fleetwise.planner.validation;

import io.fleetwise.planner.engine.EngineKernels;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.HostCosts;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.sim.VllmValidation;
import io.fleetwise.planner.validation.BenchmarkPoint.Metric;
import io.fleetwise.planner.validation.BenchmarkReplay.Outcome;

import java.util.List;
import java.util.Locale;

/**
 * Fits one engine's host costs and attention/GEMM factors to the TRAINING points of the high-load set (and, for
 * vLLM 0.6, the six light-load runs) by coordinate descent in log space on the mean squared log error of every
 * printed figure. Hold-out points are never read. Prints the fitted values; they are copied into the engine
 * profiles with this command named as their source. Run: {@code EngineTuning vllm-v1|sglang|vllm-0.6 [passes]}.
 */
public final class EngineTuning {
    /** Tunable parameters, in the order of the vector. */
    static final String[] NAMES = {"iterationUs", "perTpWorkerUs", "perScheduledSequenceUs", "perSampledTokenUs",
            "apiPerOutputTokenUs", "apiPerRequestUs", "gemmComputeScale", "prefillAttnScale", "decodeAttnScale",
            "fp8KvPrefillAttnScale", "fp8KvDecodeAttnScale"};

    private EngineTuning() {
    }

    static double[] vector(EngineProfile d) {
        HostCosts h = d.host();
        EngineKernels k = d.kernels();
        return new double[] {h.iterationUs(), h.perTpWorkerUs(), h.perScheduledSequenceUs(), h.perSampledTokenUs(),
                h.apiPerOutputTokenUs(), h.apiPerRequestUs(), k.gemmComputeScale(), k.prefillAttnScale(), k.decodeAttnScale(),
                k.fp8KvPrefillAttnScale(), k.fp8KvDecodeAttnScale()};
    }

    static EngineProfile draft(EngineProfile base, double[] v) {
        HostCosts h = base.host();
        HostCosts host = new HostCosts(v[0], v[1], v[2], v[3], v[4], v[5], h.apiPerPromptTokenUs(), h.schedulingOverlapped(),
                h.outputProcessingOverlapped(), h.apiInEngineProcess());
        EngineKernels k = new EngineKernels(Math.min(1.5, v[6]), Math.min(1.5, v[7]), Math.min(1.5, v[8]),
                Math.min(1.5, v[9]), Math.min(1.5, v[10]));
        return base.withHost(host).withKernels(k);
    }

    /** Mean over points of the mean squared log error of their printed figures. */
    static double loss(List<BenchmarkPoint> points, EngineProfile d, CalibrationProfile profile, boolean lightLoad) {
        double sum = 0;
        int n = 0;
        for (BenchmarkPoint p : points) {
            Outcome o = BenchmarkReplay.run(p, Testbeds.profile(p.testbed()), d);
            if (!o.replayed()) {
                continue;
            }
            // The targets' figures: throughput (one of the three printed, they move together) weighs 4, TPOT 1,
            // TTFT 0.25 (bursts' TTFT is mostly queueing behind the API server and the batch limit).
            double e = 0;
            double w = 0;
            boolean throughputSeen = false;
            for (Metric metric : p.measured().keySet()) {
                double weight;
                if (metric.isThroughput()) {
                    if (throughputSeen) {
                        continue;
                    }
                    throughputSeen = true;
                    weight = 4;
                } else if (metric == Metric.meanTpotMs || metric == Metric.medianTpotMs) {
                    weight = 1;
                } else {
                    weight = 0.25;
                }
                double pred = o.predicted().get(metric);
                double err = Double.isFinite(pred) && pred > 0 ? Math.log(pred / p.measured().get(metric)) : 3;
                e += weight * err * err;
                w += weight;
            }
            sum += e / w;
            n++;
        }
        if (lightLoad) {
            for (VllmValidation.Row r : lightLoadRows(profile, d)) {
                double a = Math.log(1 + r.ttftErr());
                double b = Math.log(1 + r.tpotErr());
                // The six runs have tight bands (5 % TPOT, 10 % TTFT): weigh them, and penalize leaving the bands.
                sum += 4 * (a * a + b * b) / 2;
                double overTtft = Math.max(0, Math.abs(r.ttftErr()) - 0.085);
                double overTpot = Math.max(0, Math.abs(r.tpotErr()) - 0.04);
                sum += 400 * (overTtft * overTtft + overTpot * overTpot);
                n++;
            }
        }
        return sum / Math.max(1, n);
    }

    /**
     * Joint fit: each engine's host costs and attention factors on its own training points, one GEMM compute scale
     * shared by all engines (a platform property, not an engine's), alternating until neither moves.
     */
    static void joint(int rounds) {
        CalibrationProfile profile = CalibrationProfiles.h100Measured();
        for (int round = 0; round < rounds; round++) {
            for (String engine : List.of("vllm-0.6", "vllm-v1", "sglang")) {
                main(new String[] {engine, "2", "nogemm"});
            }
            // One scale for all: grid over the shared value.
            List<BenchmarkPoint> train = BenchmarkPoint.loadAll().stream().filter(BenchmarkPoint::isTraining).toList();
            double bestScale = TunedEngines.current("vllm-v1").kernels().gemmComputeScale();
            double best = Double.MAX_VALUE;
            for (double g : new double[] {0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 1.0}) {
                double total = 0;
                for (String engine : List.of("vllm-0.6", "vllm-v1", "sglang")) {
                    EngineProfile d = withGemm(TunedEngines.current(engine), g);
                    List<BenchmarkPoint> pts = train.stream().filter(p -> p.engine().equals(engine)).toList();
                    total += loss(pts, d, profile, engine.equals("vllm-0.6")) * pts.size();
                }
                System.out.printf(Locale.ROOT, "shared gemmComputeScale %.2f: weighted loss %.4f%n", g, total);
                if (total < best) {
                    best = total;
                    bestScale = g;
                }
            }
            for (String engine : List.of("vllm-0.6", "vllm-v1", "sglang")) {
                TunedEngines.use(withGemm(TunedEngines.current(engine), bestScale));
            }
            System.out.printf(Locale.ROOT, "round %d: shared gemmComputeScale %.2f%n", round, bestScale);
        }
    }

    /**
     * Testbed fit: each engine's host costs and attention factors on its own training points (GEMM scale held at 1:
     * every engine runs cuBLAS/CUTLASS GEMMs through PyTorch), and one compute scale per testbed with training points
     * (how fast that lab's machines run compute-bound kernels against the reference H100), alternating.
     */
    static void testbeds(int rounds) {
        List<BenchmarkPoint> train = BenchmarkPoint.loadAll().stream().filter(BenchmarkPoint::isTraining).toList();
        List<String> beds = train.stream().map(BenchmarkPoint::testbed).distinct().sorted().toList();
        for (int round = 0; round < rounds; round++) {
            for (String bed : beds) {
                double bestScale = Testbeds.computeScale(bed);
                double best = Double.MAX_VALUE;
                for (double g = 0.30; g <= 1.001; g += 0.025) {
                    Testbeds.use(bed, Math.round(g * 1000) / 1000.0);
                    double total = 0;
                    for (String engine : List.of("vllm-0.6", "vllm-v1", "sglang")) {
                        List<BenchmarkPoint> pts = train.stream()
                                .filter(p -> p.engine().equals(engine) && p.testbed().equals(bed)).toList();
                        if (!pts.isEmpty()) {
                            total += loss(pts, TunedEngines.current(engine), null, false) * pts.size();
                        }
                    }
                    System.out.printf(Locale.ROOT, "testbed %s compute x%.2f: weighted loss %.4f%n", bed, g, total);
                    if (total < best) {
                        best = total;
                        bestScale = Math.round(g * 1000) / 1000.0;
                    }
                }
                Testbeds.use(bed, bestScale);
                System.out.printf(Locale.ROOT, "round %d: testbed %s compute x%.2f%n", round, bed, bestScale);
            }
            for (String engine : List.of("vllm-0.6", "vllm-v1", "sglang")) {
                main(new String[] {engine, "4"});
            }
        }
        // Report only: the hold-out splits with the values fitted above (they were never part of a loss).
        List<Outcome> all = HighLoadValidation.runAll();
        for (String split : HighLoadValidation.SPLITS) {
            System.out.println(HighLoadValidation.summary(split, all.stream().filter(o -> o.point().split().equals(split)).toList()));
        }
        for (String bed : beds) {
            System.out.printf(Locale.ROOT, "testbed %s: compute x%.2f%n", bed, Testbeds.computeScale(bed));
        }
        for (String engine : List.of("vllm-0.6", "vllm-v1", "sglang")) {
            System.out.println(engine + ": " + TunedEngines.current(engine));
        }
    }

    static EngineProfile withGemm(EngineProfile d, double g) {
        EngineKernels k = d.kernels();
        return d.withKernels(new EngineKernels(g, k.prefillAttnScale(), k.decodeAttnScale(), k.fp8KvPrefillAttnScale(),
                k.fp8KvDecodeAttnScale()));
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("testbeds")) {
            testbeds(args.length > 1 ? Integer.parseInt(args[1]) : 2);
            return;
        }
        if (args.length > 0 && args[0].equals("joint")) {
            joint(args.length > 1 ? Integer.parseInt(args[1]) : 2);
            return;
        }
        String engine = args.length > 0 ? args[0] : "vllm-v1";
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        boolean[] free = freeParameters(engine);
        if (args.length > 2 && args[2].equals("nogemm")) {
            free[6] = false;
        }
        CalibrationProfile profile = CalibrationProfiles.h100Measured();
        List<BenchmarkPoint> train = BenchmarkPoint.loadAll().stream()
                .filter(p -> p.isTraining() && p.engine().equals(engine)).toList();
        boolean light = engine.equals("vllm-0.6");
        EngineProfile base = TunedEngines.current(engine);
        double[] v = vector(base);
        double best = loss(train, draft(base, v), profile, light);
        System.out.printf(Locale.ROOT, "%s: %d training points%s, start loss %.4f%n", engine, train.size(),
                light ? " + 6 light-load runs" : "", best);
        double[] steps = {2.0, 1.4, 1.15, 1.05};
        for (int pass = 0; pass < passes; pass++) {
            double f = steps[Math.min(pass, steps.length - 1)];
            for (int i = 0; i < v.length; i++) {
                if (!free[i]) {
                    continue;
                }
                boolean improved = true;
                while (improved) {
                    improved = false;
                    for (double mult : new double[] {f, 1 / f}) {
                        double[] t = v.clone();
                        t[i] = v[i] == 0 ? (mult > 1 ? 1 : 0) : v[i] * mult;
                        // Attention kernels may beat the dense SDPA sweep (FlashAttention 3); GEMMs never beat cuBLAS's.
                        if (i >= 6 && t[i] > (i == 6 ? 1.0 : 1.5)) {
                            continue;
                        }
                        double l = loss(train, draft(base, t), profile, light);
                        if (l < best - 1e-6) {
                            best = l;
                            v = t;
                            improved = true;
                            break;
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "pass %d (step x%.2f): loss %.4f  %s%n", pass, f, best, describe(v, free));
        }
        TunedEngines.use(draft(base, v));
        List<Outcome> outcomes = train.stream().map(p -> BenchmarkReplay.run(p, Testbeds.profile(p.testbed()), TunedEngines.current(engine))).toList();
        System.out.print(HighLoadValidation.table(outcomes));
        System.out.println(HighLoadValidation.summary(engine + " train", outcomes));
        if (light) {
            lightLoadRows(profile, TunedEngines.current(engine)).forEach(r -> System.out.printf(Locale.ROOT,
                    "%s TTFT %+.1f%% TPOT %+.1f%%%n", r.id(), 100 * r.ttftErr(), 100 * r.tpotErr()));
        }
    }

    private static List<VllmValidation.Row> lightLoadRows(CalibrationProfile profile, EngineProfile engine) {
        try {
            return VllmValidation.run(profile, engine);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String describe(double[] v, boolean[] free) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (free[i]) {
                sb.append(String.format(Locale.ROOT, "%s=%.4g ", NAMES[i], v[i]));
            }
        }
        return sb.toString();
    }

    /** Which parameters the engine's training points can pin (the rest keep their sourced values). */
    static boolean[] freeParameters(String engine) {
        switch (engine) {
            // gemmComputeScale (index 6) is held at 1 for every engine: they all run cuBLAS/CUTLASS GEMMs through
            // PyTorch, as the reference sweep did; a lab's slower machines are its testbed's compute scale.
            case "vllm-0.6":
                // perScheduledSequenceUs is held at its assumed value: the six runs cannot tell it from the API
                // server's per-token work, which shared their engine's process (--disable-frontend-multiprocessing).
                return new boolean[] {true, true, false, true, true, true, false, false, false, false, false};
            case "vllm-v1":
                return new boolean[] {true, false, true, false, true, true, false, true, true, false, false};
            default:
                return new boolean[] {true, false, true, true, true, true, false, true, true, false, false};
        }
    }
}
