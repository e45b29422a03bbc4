package io.fleetwise.planner.search;

/**
 * A plan in the ranked table.
 *
 * @param rank    1 = best for the objective
 * @param pareto  on the Pareto front over (goodput, latency, cost, energy)
 * @param why     one line: what the plan is good at and what bounds its iteration
 */
public record RankedPlan(int rank, ParallelPlan plan, PlanMetrics metrics, boolean pareto, String why) {

    public String label() {
        return plan.label();
    }
}
