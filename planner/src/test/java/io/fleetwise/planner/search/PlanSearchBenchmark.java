package io.fleetwise.planner.search;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;

import java.util.Locale;

/**
 * Wall time of a full plan search: Llama-3.1-70B on 8x H100-SXM + 8x A100-80GB-SXM over a 1,000-request chat trace,
 * every objective, full search space. Arguments: [threads] [rate]. Prints a table; see docs/benchmarks-search.md.
 */
public final class PlanSearchBenchmark {

    private PlanSearchBenchmark() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 8.0;
        Catalog catalog = Catalog.builtIn();
        ModelSpec model = catalog.model("Llama-3.1-70B");
        Cluster cluster = ClusterFiles.parseShorthand("8xH100-SXM,8xA100-80GB-SXM", catalog);
        RequestTrace trace = WorkloadGenerator.poisson("chat", rate, 1000, 42);
        Slo slo = Slo.of(2000, 100, 0.9);
        System.out.printf(Locale.ROOT, "Llama-3.1-70B on 8x H100-SXM + 8x A100-80GB-SXM, 1000 chat requests at %.1f req/s, "
                + "SLO TTFT 2000 ms / TPOT 100 ms @90%%, %d threads (%d cores)%n", rate, threads, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-9s %7s %7s %9s %9s %7s %7s %5s %7s  %s%n", "objective", "shapes", "memory", "dominated", "outranked",
                "plans", "capacity", "sim", "wall s", "best plan");
        for (SearchObjective objective : SearchObjective.values()) {
            SearchConfig config = SearchConfig.of(model, cluster, trace, slo, objective, CalibrationSet.builtIn()).withThreads(threads).withTimeBudgetS(120);
            SearchResult r = PlanSearch.run(config, ProgressListener.NONE);
            RankedPlan best = r.best().orElseThrow();
            System.out.printf(Locale.ROOT, "%-9s %7d %7d %9d %9d %7d %7d %5d %7.2f  %s (goodput %.2f req/s, %.2f $/Mtok, %.2f J/tok)%n",
                    objective.label(), r.shapesEnumerated(), r.pruned(PruneReason.MEMORY), r.pruned(PruneReason.DOMINATED), r.pruned(PruneReason.OUTRANKED),
                    r.plansEnumerated(), r.pruned(PruneReason.CAPACITY), r.simulated(), r.wallTimeS(), best.label(),
                    best.metrics().goodputPerS(), best.metrics().costPerMillionTokensUsd(), best.metrics().joulesPerOutputToken());
        }
    }
}
