package io.fleetwise.planner.alloc;

import java.util.List;
import java.util.Objects;

/**
 * One kind of replica the allocator may buy: a single GPU (Mélange) or a replica config such as
 * "H100-SXM TP4". {@code throughputRps.get(b)} is the highest request rate (requests/s) one replica
 * sustains under the SLO when serving only bucket {@code b}; 0 means it cannot serve that bucket.
 *
 * @param gpuType  catalog GPU type name, used for availability caps
 * @param gpuCount GPUs one replica occupies (TP x PP)
 */
public record AllocationCandidate(String name, String gpuType, int gpuCount, double costPerHourUsd,
                                  List<Double> throughputRps, ThroughputSource source) {

    public AllocationCandidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gpuType, "gpuType");
        Objects.requireNonNull(source, "source");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Candidate name must not be blank");
        }
        if (gpuCount < 1) {
            throw new IllegalArgumentException("Candidate " + name + ": gpuCount must be >= 1, was " + gpuCount);
        }
        if (!(costPerHourUsd >= 0) || Double.isInfinite(costPerHourUsd)) {
            throw new IllegalArgumentException("Candidate " + name + ": costPerHourUsd must be a finite number >= 0, was "
                    + costPerHourUsd);
        }
        throughputRps = List.copyOf(throughputRps);
        for (int b = 0; b < throughputRps.size(); b++) {
            double t = throughputRps.get(b);
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("Candidate " + name + ": throughput for bucket index " + b
                        + " must be a finite number >= 0 (0 = cannot serve), was " + t);
            }
        }
    }

    /** A candidate that is one GPU, as in Mélange. */
    public static AllocationCandidate singleGpu(String gpuType, double costPerHourUsd, List<Double> throughputRps,
                                                ThroughputSource source) {
        return new AllocationCandidate(gpuType, gpuType, 1, costPerHourUsd, throughputRps, source);
    }

    /**
     * A replica of {@code tensorParallel x pipelineParallel} GPUs of one type; it costs GPUs x price.
     * The name reads "H100-SXM TP4" (and "PP2" when pipelined).
     */
    public static AllocationCandidate replica(String gpuType, int tensorParallel, int pipelineParallel,
                                              double pricePerGpuHourUsd, List<Double> throughputRps,
                                              ThroughputSource source) {
        if (tensorParallel < 1 || pipelineParallel < 1) {
            throw new IllegalArgumentException("Replica of " + gpuType + ": TP and PP must be >= 1, were TP"
                    + tensorParallel + " PP" + pipelineParallel);
        }
        int gpus = tensorParallel * pipelineParallel;
        String name = gpuType + " TP" + tensorParallel + (pipelineParallel > 1 ? " PP" + pipelineParallel : "");
        return new AllocationCandidate(name, gpuType, gpus, gpus * pricePerGpuHourUsd, throughputRps, source);
    }

    public boolean canServe(int bucket) {
        return throughputRps.get(bucket) > 0;
    }

    public AllocationCandidate withCostPerHourUsd(double newCost) {
        return new AllocationCandidate(name, gpuType, gpuCount, newCost, throughputRps, source);
    }
}
