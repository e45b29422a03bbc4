package io.fleetwise.planner.alloc.melange;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mélange's solver input ({@code melange/config/example.json} in tyler-griggs/melange-release), as read.
 * {@code workloadDistribution[i][j]} is the share of requests in input bucket i and output bucket j;
 * {@code tputs[i][j]} of a GPU is its profiled max throughput (req/s) for that bucket.
 *
 * @param gpuInfo GPU name to its cost and throughputs, in file order
 */
public record MelangeConfig(Map<String, Gpu> gpuInfo, List<List<Double>> workloadDistribution,
                            double totalRequestRate, int sliceFactor) {

    /** One {@code gpu_info} entry; a missing tputs cell is stored as 0 (cannot serve). */
    public record Gpu(double cost, List<List<Double>> tputs) {
    }

    public MelangeConfig {
        gpuInfo = Collections.unmodifiableMap(new LinkedHashMap<>(gpuInfo));
        workloadDistribution = List.copyOf(workloadDistribution);
    }

    public int rows() {
        return workloadDistribution.size();
    }

    public int columns() {
        return workloadDistribution.isEmpty() ? 0 : workloadDistribution.get(0).size();
    }

    /**
     * The same problem in the allocator's terms: one bucket per histogram cell (row-major, as Mélange
     * flattens it), one single-GPU candidate per {@code gpu_info} entry with imported throughputs.
     */
    public AllocationProblem toProblem() {
        List<WorkloadBucket> buckets = new ArrayList<>();
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < columns(); j++) {
                buckets.add(WorkloadBucket.ofCell(i, j, workloadDistribution.get(i).get(j)));
            }
        }
        List<AllocationCandidate> candidates = new ArrayList<>();
        for (Map.Entry<String, Gpu> e : gpuInfo.entrySet()) {
            List<Double> tputs = new ArrayList<>();
            for (int i = 0; i < rows(); i++) {
                for (int j = 0; j < columns(); j++) {
                    tputs.add(e.getValue().tputs().get(i).get(j));
                }
            }
            candidates.add(AllocationCandidate.singleGpu(e.getKey(), e.getValue().cost(), tputs,
                    ThroughputSource.MEASURED_IMPORTED));
        }
        return AllocationProblem.minCost(buckets, totalRequestRate, candidates, sliceFactor);
    }
}
