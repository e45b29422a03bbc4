package io.fleetwise.views.whatif;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.service.WhatIfService;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.service.WhatIfStudy;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepResult;
import io.fleetwise.planner.study.WhatIfVariant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Re-plan time of the What-if area on the demo study, through the same calls the area makes: prepare the study,
 * build the throughput table once (per settings), then re-plan the variant list after each edit (allocator mix +
 * single-type baselines per variant, from the cached table) and run 20-point traffic and price sweeps. Prints tables.
 * Argument: requests per capacity search (default: the area's default).
 *
 * <pre>mvn -o -q -pl views -am test-compile exec:java -Dexec.classpathScope=test
 *     -Dexec.mainClass=io.fleetwise.views.whatif.WhatIfBenchmark [-Dexec.args=200]</pre>
 */
public final class WhatIfBenchmark {

    private static final int RUNS = 20;

    private WhatIfBenchmark() {
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : WhatIfSettings.DEFAULT_REQUESTS_PER_SEARCH;
        Catalog catalog = Catalog.builtIn();
        StudyDocument doc = DemoStudy.create(catalog);
        WhatIfService analysis = new WhatIfService(io.fleetwise.planner.service.FleetAllocationService.withDefaults(() -> catalog));
        WhatIfSettings settings = new WhatIfSettings(requests, 1);
        long t0 = System.nanoTime();
        WhatIfStudy study = analysis.prepare(doc, settings, io.fleetwise.planner.calibration.CalibrationSet.builtIn());
        double prepareMs = (System.nanoTime() - t0) / 1e6;
        List<WhatIfVariant> base = List.of(WhatIfVariant.base());
        t0 = System.nanoTime();
        analysis.buildTables(study, analysis.missingTables(study, base), null);
        double tableMs = (System.nanoTime() - t0) / 1e6;
        String dearest = "H100-SXM";
        List<WhatIfVariant> four = List.of(WhatIfVariant.base(), WhatIfVariant.traffic(1.5),
                WhatIfVariant.price(dearest, 0.7), WhatIfVariant.traffic(0.5));
        for (int warm = 0; warm < 5; warm++) {
            analysis.replan(study, four);
        }
        List<WhatIfRow> rows = analysis.replan(study, four);
        System.out.printf(Locale.ROOT, "demo study: %s, GPU types %s, %.1f req/s, %d buckets, %d replica configs; "
                        + "%d requests per search, %d threads%n", study.model().name(), study.gpuTypes(),
                study.baseRatePerS(), study.buckets().size(), study.replicas().size(), requests,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "prepare (read study, buckets): %.0f ms; throughput table (TPOT %.0f ms): %.0f ms%n",
                prepareMs, study.slo().tpotMs(), tableMs);
        System.out.printf(Locale.ROOT, "%-34s %5s %8s %8s %10s %6s %8s%n", "re-plan", "runs", "p50_ms", "p90_ms",
                "usd_per_h", "gpus", "delta_%");
        for (WhatIfVariant v : four) {
            double[] t = time(() -> analysis.replan(study, List.of(v)));
            WhatIfRow r = rows.get(four.indexOf(v));
            System.out.printf(Locale.ROOT, "%-34s %5d %8.1f %8.1f %10.2f %6d %8.1f%n", "one variant: " + v.name(), RUNS,
                    t[0], t[1], r.costPerHourUsd(), r.gpus(), r.deltaCostPercent());
        }
        double[] edit = time(() -> analysis.replan(study, four));
        System.out.printf(Locale.ROOT, "%-34s %5d %8.1f %8.1f%n", "area edit: re-plan 4 variants", RUNS, edit[0], edit[1]);
        double[] all = time(() -> {
            WhatIfStudy again = analysis.prepare(doc, settings, io.fleetwise.planner.calibration.CalibrationSet.builtIn());
            analysis.replan(again, four);
        });
        System.out.printf(Locale.ROOT, "%-34s %5d %8.1f %8.1f%n", "study edit: prepare + 4 variants", RUNS, all[0], all[1]);
        for (WhatIfSweep sweep : List.of(new WhatIfSweep(WhatIfSweep.Parameter.RATE_FACTOR, "", 0.25, 3, 20),
                new WhatIfSweep(WhatIfSweep.Parameter.GPU_PRICE_FACTOR, dearest, 0.3, 1.5, 20))) {
            WhatIfSweepResult[] result = new WhatIfSweepResult[1];
            double[] t = time(() -> result[0] = analysis.sweep(study, sweep, null));
            System.out.printf(Locale.ROOT, "%-34s %5d %8.1f %8.1f  (%d of %d points feasible)%n",
                    "sweep 20 pts: " + sweep.axisLabel(), RUNS, t[0], t[1], result[0].feasibleCount(), sweep.points());
        }
        WhatIfSweep tpot = new WhatIfSweep(WhatIfSweep.Parameter.TPOT_MS, "", 30, 70, 3);
        t0 = System.nanoTime();
        WhatIfSweepResult tpotResult = analysis.sweep(study, tpot, null);
        System.out.printf(Locale.ROOT, "%-34s %5d %8.0f ms wall (2 new tables; %d of 3 feasible)%n",
                "sweep 3 pts: TPOT 30..70 ms", 1, (System.nanoTime() - t0) / 1e6, tpotResult.feasibleCount());
    }

    /** p50 and p90 of RUNS timed calls, ms. */
    private static double[] time(Runnable call) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long s = System.nanoTime();
            call.run();
            times.add((System.nanoTime() - s) / 1e6);
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {sorted[sorted.length / 2], sorted[(int) Math.floor(sorted.length * 0.9)]};
    }
}
