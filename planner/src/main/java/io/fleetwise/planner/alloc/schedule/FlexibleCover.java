package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.alloc.AllocationCandidate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * How a period's GPUs are bought around a baseline at least cost: the baseline's GPUs first, then spot where a spot GPU
 * is cheaper than an on-demand one (within the period's spot share), the rest on demand. Greedy by what a spot GPU
 * saves is exact here: one share limit, counted in whole GPUs of equal weight.
 *
 * @param costUsd what the on-demand and spot GPUs cost over the period; infinite when they cannot be bought (a type
 *                with neither an on-demand nor a spot price needs more baseline, or the spot share is too small)
 */
record FlexibleCover(Map<String, Integer> baselineInUse, Map<String, Integer> onDemand, Map<String, Integer> spot,
                     double costUsd) {

    FlexibleCover {
        baselineInUse = Collections.unmodifiableMap(baselineInUse);
        onDemand = Collections.unmodifiableMap(onDemand);
        spot = Collections.unmodifiableMap(spot);
    }

    boolean feasible() {
        return Double.isFinite(costUsd);
    }

    /**
     * @param baselineTypes the types with a baseline price, in the order of {@code baseline}
     * @param replicas      replicas per candidate, in the problem's order
     */
    static FlexibleCover of(ScheduleProblem problem, List<String> baselineTypes, int[] baseline, LoadPeriod period,
                            int[] replicas) {
        return of(problem, baselineTypes, baseline, period, c -> replicas[c]);
    }

    /** @param replicas replicas of candidate c, in the problem's order */
    static FlexibleCover of(ScheduleProblem problem, List<String> baselineTypes, int[] baseline, LoadPeriod period,
                            IntUnaryOperator replicas) {
        Map<String, Integer> used = new LinkedHashMap<>();
        List<AllocationCandidate> cands = problem.candidates();
        for (int c = 0; c < cands.size(); c++) {
            int n = replicas.applyAsInt(c);
            if (n > 0) {
                used.merge(cands.get(c).gpuType(), n * cands.get(c).gpuCount(), Integer::sum);
            }
        }
        int all = used.values().stream().mapToInt(Integer::intValue).sum();
        double share = problem.options().spotMaxShare();
        long spotLeft = share >= 1 ? Long.MAX_VALUE : (long) Math.floor(share * all + 1e-9);
        List<String> order = new ArrayList<>(used.keySet());
        order.sort((x, y) -> Double.compare(spotSaving(problem, y), spotSaving(problem, x)));
        Map<String, Integer> inUse = new LinkedHashMap<>();
        Map<String, Integer> onDemand = new LinkedHashMap<>();
        Map<String, Integer> spot = new LinkedHashMap<>();
        double cost = 0;
        for (String type : order) {
            GpuPrices prices = problem.pricesByGpuType().get(type);
            int g = baselineTypes.indexOf(type);
            int n = used.get(type);
            int fromBaseline = g >= 0 ? Math.min(n, baseline[g]) : 0;
            int rest = n - fromBaseline;
            int fromSpot = 0;
            if (rest > 0 && prices.spot().isPresent() && spotSaving(problem, type) > 0) {
                fromSpot = (int) Math.min(rest, spotLeft);
                spotLeft -= fromSpot;
            }
            int fromOnDemand = rest - fromSpot;
            if (fromOnDemand > 0 && prices.onDemand().isEmpty()) {
                cost = Double.POSITIVE_INFINITY;
            }
            if (fromSpot > 0) {
                cost += period.durationHours() * fromSpot * prices.spotExpectedUsdPerGpuHour();
                spot.put(type, fromSpot);
            }
            if (fromOnDemand > 0 && prices.onDemand().isPresent()) {
                cost += period.durationHours() * fromOnDemand * prices.onDemandUsdPerGpuHour();
                onDemand.put(type, fromOnDemand);
            }
            inUse.put(type, fromBaseline);
        }
        // keep the problem's type order in the maps, as the other plans do
        Map<String, Integer> orderedInUse = new LinkedHashMap<>();
        for (String type : used.keySet()) {
            orderedInUse.put(type, inUse.get(type));
        }
        return new FlexibleCover(orderedInUse, ordered(onDemand, used), ordered(spot, used), cost);
    }

    private static Map<String, Integer> ordered(Map<String, Integer> m, Map<String, Integer> order) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String type : order.keySet()) {
            if (m.containsKey(type)) {
                out.put(type, m.get(type));
            }
        }
        return out;
    }

    /** What a spot GPU of the type saves against an on-demand one (infinite where it has no on-demand price). */
    private static double spotSaving(ScheduleProblem problem, String type) {
        GpuPrices prices = problem.pricesByGpuType().get(type);
        if (prices.spot().isEmpty()) {
            return Double.NEGATIVE_INFINITY;
        }
        return prices.onDemand().isEmpty() ? Double.POSITIVE_INFINITY
                : prices.onDemandUsdPerGpuHour() - prices.spotExpectedUsdPerGpuHour();
    }
}
