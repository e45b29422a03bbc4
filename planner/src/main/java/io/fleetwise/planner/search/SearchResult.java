package io.fleetwise.planner.search;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a search found.
 *
 * @param ranked          plans best first: simulated contenders by the objective, then the analytic-only rest
 * @param pareto          the ranked plans on the Pareto front over (goodput, p90 E2E, cost, energy), among the
 *                        simulated plans (among all when none was simulated)
 * @param candidates      every enumerated replica shape and whether (and why) it was pruned
 * @param shapesEnumerated replica shapes enumerated over all node groups
 * @param plansEnumerated  fleet plans combined from the kept shapes
 * @param prunedByReason   shapes and plans removed, by reason
 * @param simulated        plans run through the simulator
 * @param budgetExhausted  the time budget ran out (the result holds the best found so far)
 */
public record SearchResult(SearchObjective objective, List<RankedPlan> ranked, List<RankedPlan> pareto,
                           List<CandidateOutcome> candidates, int shapesEnumerated, int plansEnumerated,
                           Map<PruneReason, Integer> prunedByReason, int simulated, boolean budgetExhausted,
                           double wallTimeS) {

    public SearchResult {
        ranked = List.copyOf(ranked);
        pareto = List.copyOf(pareto);
        candidates = List.copyOf(candidates);
        prunedByReason = Map.copyOf(prunedByReason);
    }

    public Optional<RankedPlan> best() {
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
    }

    public int pruned(PruneReason reason) {
        return prunedByReason.getOrDefault(reason, 0);
    }
}
