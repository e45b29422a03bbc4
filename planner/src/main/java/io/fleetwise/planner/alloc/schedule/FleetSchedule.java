package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.pricing.ResolvedPrice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A solved (or unsolvable) schedule: the baseline GPUs bought for the whole profile per GPU type, and per period
 * the replicas that run and how traffic is routed.
 *
 * @param baselineGpusByType GPUs of each type paid for every hour (reserved or owned; for a constant fleet, whatever
 *                           its baseline kind is)
 * @param totalCostUsd       cost over the whole profile (a day or a week)
 * @param message            why there is no schedule, or notes on it; empty when nothing to say
 */
public record FleetSchedule(ScheduleProblem problem, SolveStatus status, Map<String, Integer> baselineGpusByType,
                            List<PeriodPlan> periods, double totalCostUsd, double relativeGap, double solveTimeMs,
                            String solverName, String message) {

    public FleetSchedule {
        baselineGpusByType = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselineGpusByType));
        periods = List.copyOf(periods);
        message = message == null ? "" : message;
    }

    static FleetSchedule withoutPlan(ScheduleProblem problem, SolveStatus status, double solveTimeMs, String solver,
                                     String message) {
        return new FleetSchedule(problem, status, Map.of(), List.of(), Double.NaN, Double.NaN, solveTimeMs, solver,
                message);
    }

    public boolean hasPlan() {
        return status.hasPlan();
    }

    /** Mean cost per hour over the profile. */
    public double averageCostPerHourUsd() {
        return totalCostUsd / problem.load().totalHours();
    }

    /** What the baseline costs over the profile. */
    public double baselineCostUsd() {
        double sum = 0;
        for (Map.Entry<String, Integer> e : baselineGpusByType.entrySet()) {
            sum += e.getValue() * problem.pricesByGpuType().get(e.getKey()).baselineUsdPerGpuHour()
                    * problem.load().totalHours();
        }
        return sum;
    }

    /** Most GPUs of a type running at once in any period (baseline in use plus on-demand and spot). */
    public Map<String, Integer> peakGpusByType() {
        Map<String, Integer> peak = new LinkedHashMap<>();
        for (PeriodPlan p : periods) {
            gpusInUse(p).forEach((type, n) -> peak.merge(type, n, Math::max));
        }
        return peak;
    }

    /** GPUs of each type running in a period. */
    public Map<String, Integer> gpusInUse(PeriodPlan p) {
        Map<String, Integer> now = new LinkedHashMap<>();
        for (int c = 0; c < problem.candidates().size(); c++) {
            AllocationCandidate cand = problem.candidates().get(c);
            now.merge(cand.gpuType(), p.replicas(c) * cand.gpuCount(), Integer::sum);
        }
        return now;
    }

    /** Every price the schedule was costed with (baseline, on-demand, spot per GPU type), with their offers. */
    public List<ResolvedPrice> pricesUsed() {
        List<ResolvedPrice> list = new ArrayList<>();
        for (GpuPrices p : problem.pricesByGpuType().values()) {
            list.addAll(p.all());
        }
        return list;
    }

    public FleetSchedule withMessage(String text) {
        return new FleetSchedule(problem, status, baselineGpusByType, periods, totalCostUsd, relativeGap, solveTimeMs,
                solverName, text);
    }
}
