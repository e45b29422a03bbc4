package io.fleetwise.planner.alloc.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs in one period: replicas per candidate (same order as the problem's), how those GPUs are bought per GPU
 * type (the baseline's GPUs in use, on-demand and spot GPUs bought for the period), and how each bucket's traffic is
 * routed ({@code shares[bucket][candidate]}).
 *
 * @param flexibleCostUsd what the period's on-demand and spot GPUs cost over the period (the baseline excluded)
 */
public record PeriodPlan(LoadPeriod period, List<Integer> replicas, Map<String, Integer> baselineGpusInUse,
                         Map<String, Integer> onDemandGpus, Map<String, Integer> spotGpus, List<List<Double>> shares,
                         double flexibleCostUsd) {

    public PeriodPlan {
        replicas = List.copyOf(replicas);
        baselineGpusInUse = Collections.unmodifiableMap(new LinkedHashMap<>(baselineGpusInUse));
        onDemandGpus = Collections.unmodifiableMap(new LinkedHashMap<>(onDemandGpus));
        spotGpus = Collections.unmodifiableMap(new LinkedHashMap<>(spotGpus));
        List<List<Double>> rows = new ArrayList<>();
        for (List<Double> row : shares) {
            rows.add(List.copyOf(row));
        }
        shares = List.copyOf(rows);
    }

    public int replicas(int candidate) {
        return replicas.get(candidate);
    }
}
