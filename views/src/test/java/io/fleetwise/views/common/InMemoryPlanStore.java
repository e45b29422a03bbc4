package io.fleetwise.views.common;

import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.plan.PlanStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A plan store in memory for view-model tests (the app's is the datastore's FleetPlanRepository). */
public final class InMemoryPlanStore implements PlanStore {
    private final List<StoredPlan> plans = new ArrayList<>();
    private final List<PlanRun> runs = new ArrayList<>();

    @Override
    public synchronized StoredPlan save(long studyId, FleetPlan plan, Allocation allocation) {
        StoredPlan stored = new StoredPlan(plans.size() + 1, studyId, Instant.now(), plan, Optional.ofNullable(allocation));
        plans.add(stored);
        return stored;
    }

    @Override
    public synchronized List<StoredPlan> plansOf(long studyId) {
        return plans.stream().filter(p -> p.studyId() == studyId)
                .sorted(Comparator.comparingLong(StoredPlan::id).reversed()).toList();
    }

    @Override
    public synchronized Optional<StoredPlan> find(long planId) {
        return plans.stream().filter(p -> p.id() == planId).findFirst();
    }

    @Override
    public synchronized PlanRun attachRun(long planId, String kind, String label, Map<String, Double> metrics,
                                          Long traceId) {
        if (find(planId).isEmpty()) {
            throw new IllegalArgumentException("No plan with id " + planId);
        }
        PlanRun run = new PlanRun(runs.size() + 1, planId, Instant.now(), kind, label, metrics, traceId);
        runs.add(run);
        return run;
    }

    @Override
    public synchronized List<PlanRun> runsOf(long planId) {
        return runs.stream().filter(r -> r.planId() == planId).toList();
    }
}
