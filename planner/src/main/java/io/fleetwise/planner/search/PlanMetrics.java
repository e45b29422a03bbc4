package io.fleetwise.planner.search;

import io.fleetwise.planner.perf.OperatorClass;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Predicted metrics of a plan. {@code simulated} says whether latencies and attainment come from the discrete-event
 * simulator over the trace (true) or from the closed-form bounds (false).
 *
 * @param goodputPerS            highest request rate served with the SLO attained
 * @param capacityPerS           requests/s the plan serves when saturated (analytic)
 * @param outputTokensPerS       output tokens/s served at the workload's rate
 * @param ttftP90Ms              TTFT (p90 when simulated; mean request when analytic) at the workload's rate
 * @param tpotP90Ms              TPOT, same convention
 * @param e2eP90Ms               end-to-end latency, same convention
 * @param sloAttainment          share of requests meeting the SLO at the workload's rate (analytic: 1 or 0)
 * @param costPerHourUsd         on-demand price of the plan's GPUs
 * @param costPerMillionTokensUsd cost per million output tokens at the workload's rate
 * @param joulesPerOutputToken   GPU energy per output token at the workload's rate
 * @param decodeIterationMs      decode iteration at the batch the busiest part runs at the workload's rate
 * @param breakdownMs            that iteration by operator class, ms (TP_ALL_REDUCE includes attention-DP resharding)
 */
public record PlanMetrics(boolean simulated, double goodputPerS, double capacityPerS, double outputTokensPerS,
                          double ttftP90Ms, double tpotP90Ms, double e2eP90Ms, double sloAttainment,
                          double costPerHourUsd, double costPerMillionTokensUsd, double joulesPerOutputToken,
                          int gpuCount, double decodeIterationMs, Map<OperatorClass, Double> breakdownMs) {

    public PlanMetrics {
        breakdownMs = Collections.unmodifiableMap(new EnumMap<>(breakdownMs));
    }

    public boolean meetsSlo(double attainmentTarget) {
        return sloAttainment >= attainmentTarget;
    }

    /** The operator class taking the largest share of the decode iteration. */
    public OperatorClass dominantOperator() {
        return breakdownMs.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(OperatorClass.HOST_OVERHEAD);
    }
}
