package io.fleetwise.reports;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.NodeGroup;

import io.fleetwise.planner.glossary.FieldNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's tables, built once from a {@link ReportInput} and used for both the PDF and the CSV files.
 * Numbers are written with a dot and no grouping so the CSV files read back as numbers.
 */
public final class ReportTables {

    private ReportTables() {
    }

    public static ReportTable gpuTypes(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        for (GpuType g : input.gpuTypes()) {
            rows.add(List.of(g.name(), num(g.memoryGb(), 0), num(g.memBandwidthGBps(), 0), num(g.bf16Tflops(), 0),
                    num(g.tdpW(), 0), num(g.price().onDemandUsdPerHour(), 2)));
        }
        return new ReportTable("GPU types compared", "gpu_types",
                List.of("gpu_type", "memory_gb", "hbm_bandwidth_gbps", "bf16_tflops", "tdp_w", "usd_per_gpu_hour"), rows);
    }

    /** Empty when the study has no cluster layout. */
    public static ReportTable nodeGroups(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        input.cluster().ifPresent(cluster -> {
            for (NodeGroup g : cluster.groups()) {
                rows.add(List.of(g.name(), g.gpu().name(), Integer.toString(g.node().gpuCount()),
                        Integer.toString(g.nodeCount()), Integer.toString(g.totalGpus()),
                        g.node().intraNode().name(), num(g.costPerHourUsd(), 2)));
            }
        });
        return new ReportTable("Node groups" + input.cluster().map(Cluster::name).map(n -> " of " + n).orElse(""),
                "node_groups", List.of("group", "gpu_type", "gpus_per_node", "nodes", "gpus", "intra_node_link",
                "usd_per_hour"), rows);
    }

    public static ReportTable lengthPercentiles(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportInput.LengthPercentile p : input.lengthPercentiles()) {
            rows.add(List.of("p" + num(p.percentile(), 0), num(p.inputTokens(), 0), num(p.outputTokens(), 0)));
        }
        return new ReportTable("Request lengths (tokens)", "length_percentiles",
                List.of("percentile", "input_tokens", "output_tokens"), rows);
    }

    public static ReportTable slo(ReportInput input) {
        var slo = input.slo();
        return new ReportTable("Service-level objective", "slo", List.of("target", "value"), List.of(
                List.of("TTFT (ms)", target(slo.ttftMs())),
                List.of("TPOT (ms)", target(slo.tpotMs())),
                List.of("End-to-end (ms)", target(slo.e2eMs())),
                List.of("Requests that must meet them", num(slo.attainment() * 100, 1) + " %")));
    }

    public static ReportTable allocation(ReportInput input) {
        AllocationResult mix = input.comparison().mix();
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < mix.candidates().size(); c++) {
            AllocationCandidate cand = mix.candidates().get(c);
            int n = mix.replicaCounts().get(c);
            if (n == 0) {
                continue;
            }
            rows.add(List.of(cand.name(), cand.gpuType(), Integer.toString(cand.gpuCount()), Integer.toString(n),
                    Integer.toString(n * cand.gpuCount()), num(n * cand.costPerHourUsd(), 2), cand.source().label()));
        }
        return new ReportTable("Fleet allocation (cheapest mix)", "allocation", List.of("candidate", "gpu_type",
                "gpus_per_replica", "replicas", "gpus", "usd_per_hour", "throughput_source"), rows);
    }

    public static ReportTable baselines(ReportInput input) {
        BaselineComparison comparison = input.comparison();
        double mixCost = comparison.mix().costPerHourUsd();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Mix (allocator)", Integer.toString(sum(comparison.mix().replicaCounts())),
                Integer.toString(comparison.mix().totalGpus()), num(mixCost, 2), "0.0", comparison.mix().status().name()));
        for (AllocationResult single : comparison.singleTypeFleets()) {
            String name = BaselineComparison.candidateOf(single);
            if (single.hasPlan()) {
                rows.add(List.of("Only " + name, Integer.toString(sum(single.replicaCounts())),
                        Integer.toString(single.totalGpus()), num(single.costPerHourUsd(), 2),
                        num(100.0 * (single.costPerHourUsd() - mixCost) / mixCost, 1), single.status().name()));
            } else {
                rows.add(List.of("Only " + name, "", "", "", "", "cannot serve alone (" + single.status().name() + ")"));
            }
        }
        return new ReportTable("Mix against single-type fleets", "baselines",
                List.of("fleet", "replicas", "gpus", "usd_per_hour", "extra_cost_vs_mix_percent", "status"), rows);
    }

    /**
     * Why a single type cannot serve the workload when the reason is in the throughput table: the buckets with
     * traffic where one replica meets the SLO at no rate at all (a reader otherwise sees only "INFEASIBLE").
     */
    static List<String> unservedBuckets(AllocationProblem problem, String candidateName) {
        List<String> unserved = new ArrayList<>();
        for (AllocationCandidate c : problem.candidates()) {
            if (!c.name().equals(candidateName) || c.throughputRps().size() != problem.buckets().size()) {
                continue;
            }
            for (int b = 0; b < problem.buckets().size(); b++) {
                if (problem.buckets().get(b).rateShare() > 0 && c.throughputRps().get(b) == 0) {
                    unserved.add(problem.buckets().get(b).name());
                }
            }
        }
        return unserved;
    }

    /** One sentence per single-type fleet that cannot serve alone because a bucket with traffic is out of its reach. */
    public static List<String> whyNotAlone(ReportInput input) {
        List<String> sentences = new ArrayList<>();
        for (AllocationResult single : input.comparison().singleTypeFleets()) {
            String name = BaselineComparison.candidateOf(single);
            List<String> unserved = single.hasPlan() ? List.of() : unservedBuckets(input.problem(), name);
            if (!unserved.isEmpty()) {
                sentences.add(name + " cannot serve the workload alone: one replica meets the SLO at no rate on "
                        + (unserved.size() == 1 ? "the bucket " : "the " + unserved.size() + " buckets ")
                        + String.join("; ", unserved) + " (the per-replica throughput table below shows 0).");
            }
        }
        return sentences;
    }

    public static ReportTable rateSweep(ReportInput input) {
        List<RateSweepPoint> points = input.rateSweep();
        List<String> headers = new ArrayList<>(List.of("rate_per_s", "mix_usd_per_hour"));
        List<String> labels = new ArrayList<>(List.of(FieldNames.name("rate_per_s"), FieldNames.name("mix_usd_per_hour")));
        if (!points.isEmpty()) {
            for (String candidate : points.get(0).singleTypeCostPerHourUsd().keySet()) {
                headers.add("only " + candidate + " usd_per_hour");
                labels.add("Only " + candidate + " ($/h)");
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (RateSweepPoint p : points) {
            List<String> row = new ArrayList<>(List.of(num(p.totalRatePerSecond(), 2), num(p.mixCostPerHourUsd(), 2)));
            for (double cost : p.singleTypeCostPerHourUsd().values()) {
                row.add(num(cost, 2));
            }
            rows.add(row);
        }
        return new ReportTable("Cost against total request rate", "rate_sweep", headers, labels, rows);
    }

    /** Max requests per second one replica sustains under the SLO, per bucket: the allocator's input. */
    public static ReportTable throughput(ReportInput input) {
        AllocationProblem problem = input.problem();
        List<String> headers = new ArrayList<>(List.of("bucket", "share_of_rate"));
        List<String> labels = new ArrayList<>(List.of(FieldNames.name("bucket"), FieldNames.name("share_of_rate")));
        for (AllocationCandidate c : problem.candidates()) {
            headers.add(c.name() + " rps");
            labels.add(c.name() + " (req/s)");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int b = 0; b < problem.buckets().size(); b++) {
            List<String> row = new ArrayList<>(List.of(problem.buckets().get(b).name(),
                    num(problem.buckets().get(b).rateShare(), 3)));
            for (AllocationCandidate c : problem.candidates()) {
                row.add(num(c.throughputRps().get(b), 3));
            }
            rows.add(row);
        }
        return new ReportTable("Per-replica throughput under the SLO (req/s)", "throughput", headers, labels, rows);
    }

    public static ReportTable planMetrics(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportInput.PlanMetric m : input.planMetrics()) {
            if (!m.value().isBlank()) { // a figure the search did not compute is left out, not printed empty
                rows.add(List.of(m.metric(), m.value(), m.unit()));
            }
        }
        return new ReportTable("Chosen parallel plan", "plan", List.of("metric", "value", "unit"), rows);
    }

    /** The saved search's ranked plans; the chosen one is marked. Empty when the study has no saved plans. */
    public static ReportTable rankedPlans(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        input.saved().plans().ifPresent(plans -> {
            for (io.fleetwise.planner.study.PlansResultJson.SavedPlan p : plans.ranked()) {
                rows.add(List.of(Integer.toString(p.rank()), p.rank() == plans.chosenRank() ? "chosen" : "", p.label(),
                        Integer.toString(p.gpus()), num(p.costPerHourUsd(), 2), num(p.goodputPerS(), 2),
                        num(p.ttftP90Ms(), 0), num(p.tpotP90Ms(), 1), num(100 * p.sloAttainment(), 1),
                        // analytic figures are closed-form bounds (attainment 0 or 100 %), not simulated evidence
                        p.simulated() ? "simulated" : "analytic", p.pareto() ? "yes" : ""));
            }
        });
        return new ReportTable("Ranked plans", "plans", List.of("rank", "chosen", "plan", "gpus", "usd_per_hour",
                "goodput_per_s", "ttft_p90_ms", "tpot_p90_ms", "slo_attainment_percent", "source", "pareto"), rows);
    }

    /**
     * The Simulate area's last run's headline metrics: the stored name for the CSV and the printed one (the PDF shows
     * the printed name and the value). Empty when the study has none.
     */
    public static ReportTable simulation(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        input.saved().simulation().ifPresent(sim -> {
            rows.add(List.of("offeredRatePerS", "Offered request rate (req/s)", num(sim.ratePerS(), 2)));
            sim.metrics().forEach((name, value) -> rows.add(List.of(name, FieldNames.of(name).orElse(name),
                    num(value, value == Math.rint(value) ? 0 : Math.abs(value) >= 100 ? 1 : 3))));
        });
        return new ReportTable("Last simulation run", "simulation_metrics", List.of("metric", "name", "value"),
                List.of("Stored as", "Metric", "Value"), rows);
    }

    /** {@link #simulation} as printed: the metric's name and its value. */
    static ReportTable simulationForPrint(ReportInput input) {
        ReportTable all = simulation(input);
        List<List<String>> rows = all.rows().stream().map(r -> List.of(r.get(1), r.get(2))).toList();
        return new ReportTable(all.title(), all.fileStem(), List.of("metric", "value"), rows);
    }

    /** The What-if area's variants, base first. Empty when the study has none. */
    public static ReportTable whatIf(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        for (io.fleetwise.planner.study.WhatIfRow r : input.saved().whatIf()) {
            rows.add(List.of(r.variant(), num(r.ratePerS(), 2), num(r.tpotMs(), 0), num(r.costPerHourUsd(), 2),
                    num(r.deltaCostPercent(), 1), Integer.toString(r.gpus()), num(r.savingPercent(), 1),
                    r.message().isEmpty() ? r.mix() : r.message()));
        }
        return new ReportTable("What-if variants", "what_if", List.of("variant", "rate_per_s", "tpot_ms",
                "usd_per_hour", "delta_cost_percent", "gpus", "saving_percent", "mix_or_reason"), rows);
    }

    /** The What-if area's last sweep. Empty when the study has none. */
    public static ReportTable whatIfSweep(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        String axis = input.saved().whatIfSweep().map(s -> s.sweep().parameter().label()).orElse("value");
        input.saved().whatIfSweep().ifPresent(s -> {
            for (io.fleetwise.planner.study.WhatIfSweepPoint p : s.points()) {
                rows.add(List.of(num(p.value(), 3), num(p.ratePerS(), 2), num(p.tpotMs(), 0), num(p.costPerHourUsd(), 2),
                        Integer.toString(p.gpus()), p.feasible() ? p.mix() : p.message()));
            }
        });
        return new ReportTable("What-if sweep over " + axis, "what_if_sweep", List.of("value", "rate_per_s", "tpot_ms",
                "usd_per_hour", "gpus", "mix_or_reason"), rows);
    }

    public static ReportTable predictedVsMeasured(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportInput.PredictedMeasured r : input.predictedVsMeasured()) {
            rows.add(List.of(r.run(), r.metric(), num(r.predicted(), 3), num(r.measured(), 3), r.unit(),
                    num(r.errorPercent(), 1)));
        }
        return new ReportTable("Predicted vs measured", "predicted_vs_measured",
                List.of("run", "metric", "predicted", "measured", "unit", "error_percent"), rows);
    }

    public static ReportTable sources(ReportInput input) {
        List<List<String>> rows = new ArrayList<>();
        for (GpuType g : input.gpuTypes()) {
            rows.add(List.of(g.name(), g.specSource() == null ? "" : g.specSource(),
                    num(g.price().onDemandUsdPerHour(), 2), g.price().instance(), g.price().source(),
                    g.price().asOf().toString()));
        }
        return new ReportTable("Catalog sources", "catalog_sources",
                List.of("gpu_type", "spec_source", "usd_per_gpu_hour", "price_instance", "price_source", "price_as_of"),
                rows);
    }

    /** Where the model's architecture figures come from: its Hugging Face configuration (catalog source). */
    public static ReportTable modelSource(ReportInput input) {
        var m = input.model();
        return new ReportTable("Model source", "model_source", List.of("model", "hf_repo", "config_source"),
                List.of(List.of(m.name(), m.hfRepo() == null ? "" : m.hfRepo(), m.source() == null ? "" : m.source())));
    }

    /** Every results table that is exported as CSV (the ones that carry results, not inputs, plus sources). */
    public static List<ReportTable> resultTables(ReportInput input) {
        List<ReportTable> tables = new ArrayList<>(List.of(allocation(input), baselines(input), throughput(input)));
        if (!input.rateSweep().isEmpty()) {
            tables.add(rateSweep(input));
        }
        if (!input.planMetrics().isEmpty()) {
            tables.add(planMetrics(input));
        }
        for (ReportTable saved : List.of(rankedPlans(input), simulation(input), whatIf(input), whatIfSweep(input))) {
            if (!saved.isEmpty()) {
                tables.add(saved);
            }
        }
        if (!input.predictedVsMeasured().isEmpty()) {
            tables.add(predictedVsMeasured(input));
        }
        input.saved().procurement().ifPresent(p -> {
            if (p.schedule().isPresent()) {
                tables.add(p.periodTable());
                tables.add(p.pricesUsedTable());
            }
            tables.add(p.ownedVsRentedTable());
        });
        tables.add(gpuTypes(input));
        tables.add(sources(input));
        tables.add(modelSource(input));
        return tables;
    }

    static String num(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String target(double ms) {
        return Double.isInfinite(ms) ? "none" : num(ms, 0);
    }

    private static int sum(List<Integer> values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }
}
