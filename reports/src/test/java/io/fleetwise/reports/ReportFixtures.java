package io.fleetwise.reports;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.RateSweep;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A report input from Mélange's example (3 A10G + 1 A100 at 6.7 $/h) with catalog GPUs, solved for real. */
public final class ReportFixtures {

    private ReportFixtures() {
    }

    public static ReportInput melangeExample(List<ReportInput.PlanMetric> planMetrics) {
        return solved(planMetrics, List.of(
                AllocationCandidate.singleGpu("A10G", 1.01, List.of(2.0, 1.0, 5.0, 2.0), ThroughputSource.MEASURED_IMPORTED),
                AllocationCandidate.singleGpu("A100-80GB", 3.67, List.of(20.0, 20.0, 40.0, 20.0),
                        ThroughputSource.MEASURED_IMPORTED)));
    }

    /** The same buckets where the A10G serves so little that the cheapest fleet is A100s only (0 % saving). */
    public static ReportInput singleTypeWins() {
        return solved(List.of(), List.of(
                AllocationCandidate.singleGpu("A10G", 1.01, List.of(0.1, 0.05, 0.2, 0.05), ThroughputSource.MEASURED_IMPORTED),
                AllocationCandidate.singleGpu("A100-80GB", 3.67, List.of(20.0, 20.0, 40.0, 20.0),
                        ThroughputSource.MEASURED_IMPORTED)));
    }

    /** The A10G meets the SLO at no rate on long prompts with long outputs: it cannot serve the workload alone. */
    public static ReportInput oneTypeCannotServeABucket() {
        return solved(List.of(), List.of(
                AllocationCandidate.singleGpu("A10G", 1.01, List.of(2.0, 1.0, 5.0, 0.0), ThroughputSource.MEASURED_IMPORTED),
                AllocationCandidate.singleGpu("A100-80GB", 3.67, List.of(20.0, 20.0, 40.0, 20.0),
                        ThroughputSource.MEASURED_IMPORTED)));
    }

    private static ReportInput solved(List<ReportInput.PlanMetric> planMetrics, List<AllocationCandidate> candidates) {
        List<WorkloadBucket> buckets = List.of(WorkloadBucket.ofRanges(1, 256, 1, 128, 0.2),
                WorkloadBucket.ofRanges(1, 256, 128, 1024, 0.1), WorkloadBucket.ofRanges(256, 2048, 1, 128, 0.5),
                WorkloadBucket.ofRanges(256, 2048, 128, 1024, 0.2));
        AllocationProblem problem = AllocationProblem.minCost(buckets, 30.0, candidates, 1);
        FleetAllocator allocator = new FleetAllocator();
        BaselineComparison comparison = new Baselines(allocator).compare(problem);
        Catalog catalog = Catalog.builtIn();
        return new ReportInput("Mélange example", "Two GPU types, four buckets", Instant.parse("2026-11-22T12:00:00Z"),
                "test", catalog.model("Llama-3.1-70B"), List.of(catalog.gpu("H100-SXM"), catalog.gpu("L40S")),
                Optional.empty(), "Mélange's example.json", 30.0,
                List.of(new ReportInput.LengthPercentile(50, 512, 128)), Slo.of(2000, 100, 0.9), problem, comparison,
                new RateSweep(allocator).run(problem, RateSweep.evenlySpaced(10, 60, 6), ProgressListener.NONE),
                "fixture", List.of(), Optional.empty(), planMetrics, List.of(), Optional.empty(), Assumptions.of(io.fleetwise.planner.engine.EngineProfile.vllmV1()),
                ReportInput.SavedResults.NONE);
    }
}
