package io.fleetwise.planner.alloc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A solved (or unsolvable) allocation.
 *
 * @param replicaCounts       replicas to buy per candidate, same order as {@code candidates}
 * @param assignmentShares    {@code [bucket][candidate]}: share of the bucket's rate routed to that
 *                            candidate (multiples of 1/sliceFactor; a row sums to 1 for a served bucket)
 * @param servedRatePerSecond request rate the plan carries (= demand in min-cost mode)
 * @param demandRatePerSecond request rate asked for, headroom included
 * @param relativeGap         (plan cost - proven bound) / plan cost; NaN when there is no plan
 * @param solveTimeMs         wall time spent in the solver (model building excluded)
 * @param message             why there is no plan, or notes on the plan; empty when nothing to say
 */
public record AllocationResult(List<AllocationCandidate> candidates, List<Integer> replicaCounts,
                               double costPerHourUsd, List<List<Double>> assignmentShares,
                               double servedRatePerSecond, double demandRatePerSecond, SolveStatus status,
                               double relativeGap, double solveTimeMs, String solverName, Formulation formulation,
                               String message) {

    public AllocationResult {
        candidates = List.copyOf(candidates);
        replicaCounts = List.copyOf(replicaCounts);
        List<List<Double>> rows = new ArrayList<>();
        for (List<Double> row : assignmentShares) {
            rows.add(List.copyOf(row));
        }
        assignmentShares = List.copyOf(rows);
        message = message == null ? "" : message;
    }

    static AllocationResult withoutPlan(AllocationProblem problem, SolveStatus status, double solveTimeMs,
                                        String solverName, Formulation formulation, String message) {
        List<Integer> zeros = new ArrayList<>();
        for (int c = 0; c < problem.candidates().size(); c++) {
            zeros.add(0);
        }
        List<List<Double>> shares = new ArrayList<>();
        for (int b = 0; b < problem.buckets().size(); b++) {
            List<Double> row = new ArrayList<>();
            for (int c = 0; c < problem.candidates().size(); c++) {
                row.add(0.0);
            }
            shares.add(row);
        }
        return new AllocationResult(problem.candidates(), zeros, Double.NaN, shares, 0.0,
                problem.demandRatePerSecond(), status, Double.NaN, solveTimeMs, solverName, formulation, message);
    }

    public AllocationResult withMessage(String newMessage) {
        return new AllocationResult(candidates, replicaCounts, costPerHourUsd, assignmentShares, servedRatePerSecond,
                demandRatePerSecond, status, relativeGap, solveTimeMs, solverName, formulation, newMessage);
    }

    public boolean hasPlan() {
        return status.hasPlan();
    }

    /** Replicas per candidate name, in candidate order (zeros included, as Mélange prints them). */
    public Map<String, Integer> countsByCandidate() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int c = 0; c < candidates.size(); c++) {
            counts.put(candidates.get(c).name(), replicaCounts.get(c));
        }
        return counts;
    }

    public int count(String candidateName) {
        for (int c = 0; c < candidates.size(); c++) {
            if (candidates.get(c).name().equals(candidateName)) {
                return replicaCounts.get(c);
            }
        }
        throw new IllegalArgumentException("No candidate named '" + candidateName + "' in this result");
    }

    /** GPUs used per GPU type (replicas x GPUs per replica, summed over candidates of the type). */
    public Map<String, Integer> gpusByType() {
        Map<String, Integer> gpus = new LinkedHashMap<>();
        for (int c = 0; c < candidates.size(); c++) {
            gpus.merge(candidates.get(c).gpuType(), replicaCounts.get(c) * candidates.get(c).gpuCount(), Integer::sum);
        }
        return gpus;
    }

    public int totalGpus() {
        int sum = 0;
        for (int v : gpusByType().values()) {
            sum += v;
        }
        return sum;
    }

    public double share(int bucket, int candidate) {
        return assignmentShares.get(bucket).get(candidate);
    }
}
