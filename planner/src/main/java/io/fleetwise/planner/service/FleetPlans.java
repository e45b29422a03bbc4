package io.fleetwise.planner.service;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.search.PlanMetrics;
import io.fleetwise.planner.search.PlanPart;
import io.fleetwise.planner.search.RankedPlan;
import io.fleetwise.planner.search.SearchConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link FleetPlan} each producer's answer is: the fleet allocation's mix, a ranked plan of the search. */
public final class FleetPlans {

    private FleetPlans() {
    }

    /**
     * The allocation's cheapest mix as a plan: each candidate with replicas, its share of the traffic (the bucket
     * shares it was assigned), the mix's cost at the request's prices and, when the plan was checked, the simulated
     * SLO attainment. Empty when the allocation found no plan.
     */
    public static Optional<FleetPlan> of(FleetAllocationService.FleetAllocation allocation) {
        AllocationResult mix = allocation.comparison().mix();
        if (!mix.hasPlan()) {
            return Optional.empty();
        }
        List<WorkloadBucket> buckets = allocation.problem().buckets();
        List<FleetPlan.Part> parts = new ArrayList<>();
        Map<String, Double> prices = new LinkedHashMap<>();
        for (int c = 0; c < mix.candidates().size(); c++) {
            int count = mix.replicaCounts().get(c);
            if (count == 0) {
                continue;
            }
            AllocationCandidate candidate = mix.candidates().get(c);
            ReplicaConfig replica = allocation.replicas().get(candidate.name());
            double share = 0;
            for (int b = 0; b < buckets.size(); b++) {
                share += buckets.get(b).rateShare() * mix.assignmentShares().get(b).get(c);
            }
            parts.add(new FleetPlan.Part(replica, count, Math.min(1.0, share)));
            prices.put(replica.gpu().name(), candidate.costPerHourUsd() / candidate.gpuCount());
        }
        FleetAllocationRequest request = allocation.request();
        FleetPlan.Predicted predicted = allocation.solution().validation()
                .map(v -> new FleetPlan.Predicted(request.ratePerS(), request.ratePerS() * v.sloAttainment(),
                        v.sloAttainment(), Double.NaN, Double.NaN, true))
                .orElse(FleetPlan.Predicted.unknown(request.ratePerS()));
        return Optional.of(new FleetPlan(FleetPlan.describe(parts), request.model(), parts, mix.costPerHourUsd(),
                predicted, provenance(FleetPlan.FLEET_ALLOCATION, request.calibration(), prices)));
    }

    /**
     * A ranked plan of the search: its parts (routing shares from the search's weights; prefill and decode pools each
     * see every request, so their shares are within the pool), metrics and cost at catalog on-demand prices.
     */
    public static FleetPlan of(RankedPlan ranked, SearchConfig config) {
        return of(ranked, config.model().name(), config.trace().meanRatePerS(), config.calibration());
    }

    /** As {@link #of(RankedPlan, SearchConfig)} for a plan shown again from the study (its search is not at hand). */
    public static FleetPlan of(RankedPlan ranked, String model, double ratePerS, CalibrationSet calibration) {
        List<PlanPart> planParts = ranked.plan().parts();
        List<Double> weights = ranked.plan().routingWeights();
        double frontTotal = 0;
        double decodeTotal = 0;
        for (int i = 0; i < planParts.size(); i++) {
            double w = planParts.get(i).count() * weights.get(i);
            if (planParts.get(i).shape().config().role() == ReplicaRole.DECODE) {
                decodeTotal += w;
            } else {
                frontTotal += w;
            }
        }
        List<FleetPlan.Part> parts = new ArrayList<>();
        Map<String, Double> prices = new LinkedHashMap<>();
        for (int i = 0; i < planParts.size(); i++) {
            PlanPart p = planParts.get(i);
            ReplicaConfig replica = p.shape().config();
            double w = p.count() * weights.get(i);
            double total = replica.role() == ReplicaRole.DECODE ? decodeTotal : frontTotal;
            parts.add(new FleetPlan.Part(replica, p.count(), total > 0 ? w / total : 0));
            prices.put(replica.gpu().name(), replica.gpu().price().onDemandUsdPerHour());
        }
        PlanMetrics m = ranked.metrics();
        FleetPlan.Predicted predicted = new FleetPlan.Predicted(ratePerS, m.goodputPerS(), m.sloAttainment(),
                m.ttftP90Ms(), m.tpotP90Ms(), m.simulated());
        return new FleetPlan(ranked.label(), model, parts, m.costPerHourUsd(), predicted,
                provenance(FleetPlan.PLAN_SEARCH, calibration, prices));
    }

    private static FleetPlan.Provenance provenance(String service, CalibrationSet calibration, Map<String, Double> prices) {
        return new FleetPlan.Provenance(service, "", calibration.fingerprint(),
                calibration.describe(new ArrayList<>(prices.keySet())), calibration.engine().id(), prices);
    }
}
