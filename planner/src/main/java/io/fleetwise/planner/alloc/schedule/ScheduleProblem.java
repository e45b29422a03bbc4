package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.WorkloadBucket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fleet schedule to plan: load per period, the workload's buckets, replica configs with their per-bucket
 * throughputs (the candidates' own costs are not used), and how each GPU type may be bought.
 */
public record ScheduleProblem(LoadProfile load, List<WorkloadBucket> buckets, List<AllocationCandidate> candidates,
                              Map<String, GpuPrices> pricesByGpuType, ScheduleOptions options) {

    public ScheduleProblem {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(options, "options");
        buckets = List.copyOf(buckets);
        candidates = List.copyOf(candidates);
        pricesByGpuType = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pricesByGpuType));
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("The workload has no buckets");
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("There are no replica configs to schedule");
        }
        List<String> names = new ArrayList<>();
        for (AllocationCandidate c : candidates) {
            if (c.throughputRps().size() != buckets.size()) {
                throw new IllegalArgumentException("Candidate " + c.name() + " has " + c.throughputRps().size()
                        + " throughput figures but the workload has " + buckets.size() + " buckets");
            }
            if (names.contains(c.name())) {
                throw new IllegalArgumentException("Two candidates are both named '" + c.name() + "'");
            }
            names.add(c.name());
            if (!pricesByGpuType.containsKey(c.gpuType())) {
                throw new IllegalArgumentException("No prices for " + c.gpuType() + " (candidate " + c.name() + ")");
            }
        }
        for (LoadPeriod p : load.periods()) {
            if (!p.bucketShares().isEmpty() && p.bucketShares().size() != buckets.size()) {
                throw new IllegalArgumentException("Period " + p.label() + " has " + p.bucketShares().size()
                        + " bucket shares but the workload has " + buckets.size() + " buckets");
            }
        }
    }

    /** Request rate of bucket {@code b} in period {@code p} the schedule must carry, headroom included. */
    public double rate(int p, int b) {
        LoadPeriod period = load.periods().get(p);
        double share = period.bucketShares().isEmpty() ? buckets.get(b).rateShare() : period.bucketShares().get(b);
        return share * period.ratePerSecond() * (1.0 + options.headroomFraction());
    }

    public GpuPrices prices(AllocationCandidate c) {
        return pricesByGpuType.get(c.gpuType());
    }

    /**
     * The same problem for a fleet that never changes, so it is sized for the busiest period: every GPU type bought
     * as its baseline kind, or on demand around the clock where it has none ({@link GpuPrices#constantFleet()}).
     */
    public ScheduleProblem constantFleet() {
        Map<String, GpuPrices> fixed = new LinkedHashMap<>();
        pricesByGpuType.forEach((type, p) -> fixed.put(type, p.constantFleet()));
        return new ScheduleProblem(load, buckets, candidates, fixed, options);
    }

    public ScheduleProblem withPrices(Map<String, GpuPrices> prices) {
        return new ScheduleProblem(load, buckets, candidates, prices, options);
    }

    public ScheduleProblem withCandidates(List<AllocationCandidate> newCandidates) {
        return new ScheduleProblem(load, buckets, newCandidates, pricesByGpuType, options);
    }

    public ScheduleProblem withLoad(LoadProfile newLoad) {
        return new ScheduleProblem(newLoad, buckets, candidates, pricesByGpuType, options);
    }
}
