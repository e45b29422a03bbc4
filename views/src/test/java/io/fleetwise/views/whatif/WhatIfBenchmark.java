package io.fleetwise.views.whatif;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.DemoStudy;
import io.fleetwise.views.report.StudyReportBuilder;
import io.fleetwise.views.report.StudyReportRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Re-plan time of the What-if area on the demo study: one throughput-table build, then repeated re-plans of
 * traffic and price variants (allocator mix + single-type baselines, from the cached table). Prints a table.
 *
 * <pre>mvn -o -q -pl views -am test-compile exec:java -Dexec.classpathScope=test
 *     -Dexec.mainClass=io.fleetwise.views.whatif.WhatIfBenchmark</pre>
 */
public final class WhatIfBenchmark {

    private WhatIfBenchmark() {
    }

    public static void main(String[] args) {
        Catalog catalog = Catalog.builtIn();
        StudyReportRequest study = StudyReportRequest.fromDocument(DemoStudy.create(catalog));
        WhatIfEngine engine = new WhatIfEngine(study, catalog, StudyReportBuilder.Options.quick());
        long t0 = System.nanoTime();
        WhatIfEngine.Headline base = engine.evaluate(WhatIfEngine.Variant.base(), ProgressListener.NONE);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        String first = study.gpuTypeNames().get(0);
        List<WhatIfEngine.Variant> variants = List.of(new WhatIfEngine.Variant("+50 % traffic", 1.5, 1, Map.of()),
                new WhatIfEngine.Variant(first + " price -30 %", 1, 1, Map.of(first, 0.7)),
                new WhatIfEngine.Variant("half traffic", 0.5, 1, Map.of()));
        for (int warm = 0; warm < 5; warm++) {
            variants.forEach(v -> engine.evaluate(v, ProgressListener.NONE));
        }
        System.out.printf(Locale.ROOT, "demo study: %s, %d GPU types, %.1f req/s; base plan %.2f $/h, %d GPUs%n",
                study.modelName(), study.gpuTypeNames().size(), study.totalRatePerSecond(), base.costPerHourUsd(),
                base.gpus());
        System.out.printf(Locale.ROOT, "first plan incl. throughput table: %.0f ms%n", buildMs);
        System.out.printf(Locale.ROOT, "%-22s %8s %8s %8s %10s%n", "variant", "runs", "p50_ms", "p90_ms", "usd_per_h");
        for (WhatIfEngine.Variant v : variants) {
            List<Double> times = new ArrayList<>();
            WhatIfEngine.Headline h = null;
            for (int i = 0; i < 20; i++) {
                long s = System.nanoTime();
                h = engine.evaluate(v, ProgressListener.NONE);
                times.add((System.nanoTime() - s) / 1e6);
            }
            double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-22s %8d %8.1f %8.1f %10.2f%n", v.name(), sorted.length,
                    sorted[sorted.length / 2], sorted[(int) Math.floor(sorted.length * 0.9)], h.costPerHourUsd());
        }
    }
}
