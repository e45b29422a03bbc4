package io.fleetwise.planner.search;

import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.IterationPrediction;
import io.fleetwise.planner.perf.OperatorClass;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Closed-form metrics of a whole plan: mixed replicas share the rate in proportion to their capacity (the router's
 * weights); disaggregated plans pass every request through the prefill pool, then the decode pool, with the KV
 * moved over the prefill node's NIC.
 */
final class FleetEstimate {
    private final ParallelPlan plan;
    private final List<ShapeEstimate> estimates;
    private final WorkloadStats work;
    private final double kvTransferMs;

    FleetEstimate(ParallelPlan plan, List<ShapeEstimate> estimates, WorkloadStats work, double kvBytesPerToken) {
        this.plan = plan;
        this.estimates = estimates;
        this.work = work;
        double transfer = 0;
        for (int i = 0; i < plan.parts().size(); i++) {
            var c = plan.parts().get(i).shape().config();
            if (c.role() == ReplicaRole.PREFILL) {
                var nic = c.node().interNode();
                transfer = nic.latencyUs() / 1e3 + kvBytesPerToken * work.meanInputTokens() / c.gpuCount()
                        / nic.bandwidthGBps() / 1e6;
            }
        }
        this.kvTransferMs = transfer;
    }

    /** The plan with routing weights set to each part's per-replica capacity. */
    static ParallelPlan weighted(List<PlanPart> parts, List<ShapeEstimate> estimates) {
        List<Double> w = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ReplicaRole role = parts.get(i).shape().config().role();
            w.add(role == ReplicaRole.PREFILL ? estimates.get(i).prefillOnlyCapacityPerS()
                    : role == ReplicaRole.DECODE ? estimates.get(i).decodeOnlyCapacityPerS() : estimates.get(i).capacityPerS());
        }
        return new ParallelPlan(parts, w);
    }

    ParallelPlan plan() {
        return plan;
    }

    double capacityPerS() {
        if (!plan.disaggregated()) {
            return pool(null);
        }
        return Math.min(pool(ReplicaRole.PREFILL), pool(ReplicaRole.DECODE));
    }

    private double pool(ReplicaRole role) {
        double sum = 0;
        for (int i = 0; i < estimates.size(); i++) {
            ReplicaRole r = plan.parts().get(i).shape().config().role();
            if (role == null ? r == ReplicaRole.MIXED : r == role) {
                sum += plan.parts().get(i).count() * plan.routingWeights().get(i);
            }
        }
        return sum;
    }

    /** {TTFT, TPOT} of the mean request at the fleet rate, averaged over where requests go. */
    double[] latencyAt(double ratePerS) {
        double ttft = 0;
        double tpot = 0;
        boolean disagg = plan.disaggregated();
        double prefillPool = disagg ? pool(ReplicaRole.PREFILL) : pool(null);
        double decodePool = disagg ? pool(ReplicaRole.DECODE) : prefillPool;
        for (int i = 0; i < estimates.size(); i++) {
            PlanPart part = plan.parts().get(i);
            ReplicaRole role = part.shape().config().role();
            double w = plan.routingWeights().get(i);
            double share = role == ReplicaRole.DECODE ? w / decodePool : w / prefillPool;
            double perReplica = ratePerS * share;
            double[] l = estimates.get(i).latencyAt(perReplica, role == ReplicaRole.PREFILL, role == ReplicaRole.DECODE);
            double load = share * part.count();
            if (role != ReplicaRole.DECODE) {
                ttft += load * l[0];
            }
            if (role != ReplicaRole.PREFILL) {
                tpot += load * l[1];
            }
        }
        if (disagg) {
            ttft += kvTransferMs;
        }
        return new double[]{ttft, tpot};
    }

    double sloCapacityPerS(Slo slo) {
        double hi = capacityPerS();
        if (!meets(1e-6 * hi, slo)) {
            return 0;
        }
        double lo = 0;
        for (int i = 0; i < 18; i++) {
            double mid = 0.5 * (lo + hi);
            if (meets(mid, slo)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private boolean meets(double rate, Slo slo) {
        double[] l = latencyAt(rate);
        return l[0] <= slo.ttftMs() && l[1] <= slo.tpotMs()
                && l[0] + (work.meanOutputTokens() - 1) * l[1] <= slo.e2eMs();
    }

    double powerWAt(double ratePerS) {
        double watts = 0;
        double entry = plan.disaggregated() ? pool(ReplicaRole.PREFILL) : pool(null);
        double decode = plan.disaggregated() ? pool(ReplicaRole.DECODE) : entry;
        for (int i = 0; i < estimates.size(); i++) {
            PlanPart part = plan.parts().get(i);
            ReplicaRole role = part.shape().config().role();
            double w = plan.routingWeights().get(i);
            double perReplica = ratePerS * w / (role == ReplicaRole.DECODE ? decode : entry);
            watts += part.count() * estimates.get(i).powerW(perReplica);
        }
        return watts;
    }

    PlanMetrics metrics(Slo slo) {
        double rate = work.ratePerS();
        double capacity = capacityPerS();
        double served = Math.min(rate, capacity);
        double[] l = latencyAt(rate);
        double e2e = l[0] + Math.max(0, work.meanOutputTokens() - 1) * l[1];
        boolean met = l[0] <= slo.ttftMs() && l[1] <= slo.tpotMs() && e2e <= slo.e2eMs();
        double tokensPerS = served * work.meanOutputTokens();
        double cost = plan.costPerHourUsd();
        double costPerM = tokensPerS > 0 ? cost / (tokensPerS * 3600) * 1e6 : Double.POSITIVE_INFINITY;
        double joules = tokensPerS > 0 ? powerWAt(served) / tokensPerS : Double.POSITIVE_INFINITY;
        // Breakdown: the decode iteration of the part carrying the most decode load.
        int busiest = 0;
        double most = -1;
        for (int i = 0; i < estimates.size(); i++) {
            if (plan.parts().get(i).shape().config().role() == ReplicaRole.PREFILL) {
                continue;
            }
            double load = plan.parts().get(i).count() * plan.routingWeights().get(i);
            if (load > most) {
                most = load;
                busiest = i;
            }
        }
        double pool = plan.disaggregated() ? pool(ReplicaRole.DECODE) : pool(null);
        double perReplica = served * plan.routingWeights().get(busiest) / pool;
        IterationPrediction it = estimates.get(busiest).breakdownAt(perReplica);
        Map<OperatorClass, Double> ms = new EnumMap<>(OperatorClass.class);
        it.byOperatorNs().forEach((k, v) -> ms.put(k, v / 1e6));
        return new PlanMetrics(false, sloCapacityPerS(slo), capacity, tokensPerS, l[0], l[1], e2e, met ? 1.0 : 0.0,
                cost, costPerM, joules, plan.gpuCount(), it.totalMs(), ms);
    }
}
