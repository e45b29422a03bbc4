package io.fleetwise.planner.alloc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the fleet allocator needs: the workload histogram, the total rate, the candidates with
 * their per-bucket throughputs, how finely buckets are sliced, availability caps and the objective.
 *
 * @param gpuCapsByType     most GPUs of a type that can be had (over all candidates of that type);
 *                          types not listed are unlimited
 * @param headroomFraction  plan for this much more traffic (0.2 = 20 % more)
 * @param budgetPerHourUsd  cost ceiling, used only in {@link AllocationMode#MAX_GOODPUT_WITHIN_BUDGET}
 */
public record AllocationProblem(List<WorkloadBucket> buckets, double totalRatePerSecond,
                                List<AllocationCandidate> candidates, int sliceFactor,
                                Map<String, Integer> gpuCapsByType, double headroomFraction,
                                AllocationMode mode, double budgetPerHourUsd) {

    public AllocationProblem {
        buckets = List.copyOf(buckets);
        candidates = List.copyOf(candidates);
        gpuCapsByType = Collections.unmodifiableMap(new LinkedHashMap<>(gpuCapsByType));
        Objects.requireNonNull(mode, "mode");
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("The workload has no buckets");
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("There are no candidate GPU types or replica configs to choose from");
        }
        if (!(totalRatePerSecond >= 0) || Double.isInfinite(totalRatePerSecond)) {
            throw new IllegalArgumentException("Total request rate must be a finite number >= 0 req/s, was "
                    + totalRatePerSecond);
        }
        if (sliceFactor < 1) {
            throw new IllegalArgumentException("Slice factor must be >= 1, was " + sliceFactor);
        }
        if (!(headroomFraction >= 0) || Double.isInfinite(headroomFraction)) {
            throw new IllegalArgumentException("Headroom must be a finite fraction >= 0 (0.2 = 20 %), was "
                    + headroomFraction);
        }
        if (mode == AllocationMode.MAX_GOODPUT_WITHIN_BUDGET && !(budgetPerHourUsd >= 0)) {
            throw new IllegalArgumentException("Budget mode needs a budget >= 0 $/h, was " + budgetPerHourUsd);
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
        }
        for (Map.Entry<String, Integer> cap : gpuCapsByType.entrySet()) {
            if (cap.getValue() == null || cap.getValue() < 0) {
                throw new IllegalArgumentException("Availability cap for " + cap.getKey() + " must be >= 0 GPUs, was "
                        + cap.getValue());
            }
        }
    }

    /** Mélange's problem: minimise cost, no caps, no headroom. */
    public static AllocationProblem minCost(List<WorkloadBucket> buckets, double totalRatePerSecond,
                                            List<AllocationCandidate> candidates, int sliceFactor) {
        return new AllocationProblem(buckets, totalRatePerSecond, candidates, sliceFactor, Map.of(), 0.0,
                AllocationMode.MIN_COST, Double.NaN);
    }

    /** Request rate of a bucket that the plan must carry, headroom included. */
    public double bucketRatePerSecond(int bucket) {
        return buckets.get(bucket).rateShare() * totalRatePerSecond * (1.0 + headroomFraction);
    }

    /** The whole rate the plan must carry, headroom included. */
    public double demandRatePerSecond() {
        double sum = 0;
        for (int b = 0; b < buckets.size(); b++) {
            sum += bucketRatePerSecond(b);
        }
        return sum;
    }

    public int candidateIndex(String name) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No candidate named '" + name + "'");
    }

    public AllocationProblem withTotalRate(double ratePerSecond) {
        return new AllocationProblem(buckets, ratePerSecond, candidates, sliceFactor, gpuCapsByType, headroomFraction,
                mode, budgetPerHourUsd);
    }

    public AllocationProblem withCandidates(List<AllocationCandidate> newCandidates) {
        return new AllocationProblem(buckets, totalRatePerSecond, newCandidates, sliceFactor, gpuCapsByType,
                headroomFraction, mode, budgetPerHourUsd);
    }

    public AllocationProblem withSliceFactor(int newSliceFactor) {
        return new AllocationProblem(buckets, totalRatePerSecond, candidates, newSliceFactor, gpuCapsByType,
                headroomFraction, mode, budgetPerHourUsd);
    }

    public AllocationProblem withCaps(Map<String, Integer> caps) {
        return new AllocationProblem(buckets, totalRatePerSecond, candidates, sliceFactor, caps, headroomFraction,
                mode, budgetPerHourUsd);
    }

    public AllocationProblem withHeadroom(double fraction) {
        return new AllocationProblem(buckets, totalRatePerSecond, candidates, sliceFactor, gpuCapsByType, fraction,
                mode, budgetPerHourUsd);
    }

    public AllocationProblem withBudget(double budgetUsdPerHour) {
        return new AllocationProblem(buckets, totalRatePerSecond, candidates, sliceFactor, gpuCapsByType,
                headroomFraction, AllocationMode.MAX_GOODPUT_WITHIN_BUDGET, budgetUsdPerHour);
    }

    public AllocationProblem withMinCost() {
        return new AllocationProblem(buckets, totalRatePerSecond, candidates, sliceFactor, gpuCapsByType,
                headroomFraction, AllocationMode.MIN_COST, Double.NaN);
    }
}
