package io.fleetwise.app.cli;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.RateSweepPoint;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text and CSV of {@code fleetwise allocate}: the mix, the single-type fleets and the cost-vs-rate sweep. */
final class AllocationPrinter {
    private final PrintWriter out;

    AllocationPrinter(PrintWriter out) {
        this.out = out;
    }

    void printSweep(List<RateSweepPoint> points) {
        out.println();
        out.println("Cost ($/h) against total request rate:");
        List<String> headers = new ArrayList<>(List.of("rate_per_s", "mix"));
        headers.addAll(points.get(0).singleTypeCostPerHourUsd().keySet());
        CliTable table = new CliTable(headers.toArray(new String[0]));
        for (RateSweepPoint p : points) {
            List<Object> row = new ArrayList<>(List.of(p.totalRatePerSecond(), p.mixCostPerHourUsd()));
            row.addAll(p.singleTypeCostPerHourUsd().values());
            table.row(row.toArray());
        }
        table.print(out, OutputFormat.TEXT, null);
    }

    void printTable(AllocationResult result, BaselineComparison comparison, OutputFormat format) {
        printTable(result, comparison, format, result.demandRatePerSecond(), "");
    }

    /**
     * The table, with the Total line against {@code requestedRatePerS} (the study's rate) and, when the service left
     * requests out, its note of why ({@code leftOut}, empty when none).
     */
    void printTable(AllocationResult result, BaselineComparison comparison, OutputFormat format,
                    double requestedRatePerS, String leftOut) {
        CliTable table = new CliTable("candidate", "gpu_type", "gpus_per_replica", "replicas", "cost_usd_per_hour",
                "throughput_source");
        for (int c = 0; c < result.candidates().size(); c++) {
            AllocationCandidate cand = result.candidates().get(c);
            int n = result.replicaCounts().get(c);
            table.row(cand.name(), cand.gpuType(), cand.gpuCount(), n, n * cand.costPerHourUsd(), cand.source().label());
        }
        table.print(out, format, null);
        if (format == OutputFormat.CSV) {
            return;
        }
        out.println();
        out.printf(Locale.ROOT, "Total: %.4f $/h for %d GPUs, serving %.4g of %.4g req/s%s%n", result.costPerHourUsd(),
                result.totalGpus(), result.servedRatePerSecond(), requestedRatePerS,
                leftOut.isEmpty() ? "" : " (" + leftOut + ")");
        out.printf(Locale.ROOT, "Solver: %s (%s), %s, gap %s, %.1f ms%n", result.solverName(),
                result.formulation().name().toLowerCase(Locale.ROOT), result.status(),
                Double.isNaN(result.relativeGap()) ? "unknown" : String.format(Locale.ROOT, "%.2g", result.relativeGap()),
                result.solveTimeMs());
        if (!result.message().isEmpty()) {
            out.println("Note: " + result.message());
        }
        out.println("Single-type fleets:");
        int width = 1;
        for (AllocationCandidate c : result.candidates()) {
            width = Math.max(width, c.name().length());
        }
        for (AllocationResult single : comparison.singleTypeFleets()) {
            String name = BaselineComparison.candidateOf(single);
            out.println(single.hasPlan()
                    ? String.format(Locale.ROOT, "  %-" + width + "s %5d replicas  %10.4f $/h", name,
                    single.replicaCounts().get(0), single.costPerHourUsd())
                    : String.format(Locale.ROOT, "  %-" + width + "s cannot serve the workload alone (%s)", name,
                    single.status()));
        }
        comparison.bestSingleType().ifPresent(best -> out.printf(Locale.ROOT,
                "Saving of the mix against the best single type (%s): %.1f %%%n",
                BaselineComparison.candidateOf(best), comparison.savingPercent()));
        out.flush();
    }
}
