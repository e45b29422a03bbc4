package io.fleetwise.planner.search;

import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.sim.ReplicaGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A way to run one model on a cluster: parts of identical replicas, each on one node group. Parts with roles
 * PREFILL and DECODE form disaggregated pools; the router shares load between mixed (or prefill) replicas in
 * proportion to their {@code routingWeight}, the analytic capacity of one replica of the part.
 */
public record ParallelPlan(List<PlanPart> parts, List<Double> routingWeights) {

    public ParallelPlan {
        parts = List.copyOf(parts);
        routingWeights = List.copyOf(routingWeights);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("ParallelPlan needs at least one part");
        }
        if (routingWeights.size() != parts.size()) {
            throw new IllegalArgumentException("ParallelPlan: " + routingWeights.size() + " routing weights for "
                    + parts.size() + " parts");
        }
    }

    public static ParallelPlan of(PlanPart... parts) {
        List<Double> w = new ArrayList<>();
        for (PlanPart p : parts) {
            w.add(1.0);
        }
        return new ParallelPlan(List.of(parts), w);
    }

    public String label() {
        return parts.stream().map(PlanPart::label).collect(Collectors.joining(" + "));
    }

    public int gpuCount() {
        return parts.stream().mapToInt(PlanPart::gpuCount).sum();
    }

    public int replicaCount() {
        return parts.stream().mapToInt(PlanPart::count).sum();
    }

    public double costPerHourUsd() {
        return parts.stream().mapToDouble(PlanPart::costPerHourUsd).sum();
    }

    public boolean disaggregated() {
        return parts.stream().anyMatch(p -> p.shape().config().role() == ReplicaRole.PREFILL);
    }

    /** Simulator groups; a part's routing weight is its replicas' total share. */
    public List<ReplicaGroup> replicaGroups() {
        List<ReplicaGroup> g = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            PlanPart p = parts.get(i);
            g.add(new ReplicaGroup(p.shape().config(), p.count(), routingWeights.get(i) * p.count()));
        }
        return g;
    }

    /**
     * Every GPU of the cluster and what it does: each part fills its node group's GPUs in order, replica after
     * replica, TP ranks inside a stage on consecutive GPUs (so TP stays in a node), then the next stage.
     */
    public List<GpuAssignment> placement(Cluster cluster) {
        List<GpuAssignment> out = new ArrayList<>();
        int replicaBase = 0;
        int[] used = new int[cluster.groups().size()];
        List<GpuAssignment[]> slots = new ArrayList<>();
        for (NodeGroup g : cluster.groups()) {
            slots.add(new GpuAssignment[g.totalGpus()]);
        }
        for (int pi = 0; pi < parts.size(); pi++) {
            PlanPart part = parts.get(pi);
            int gi = groupIndex(cluster, part.shape().nodeGroup());
            NodeGroup g = cluster.groups().get(gi);
            int per = g.node().gpuCount();
            int tp = part.shape().config().tp();
            for (int r = 0; r < part.count(); r++) {
                for (int k = 0; k < part.shape().gpuCount(); k++) {
                    int flat = used[gi]++;
                    if (flat >= g.totalGpus()) {
                        throw new IllegalArgumentException("Plan " + label() + " needs more GPUs than node group '"
                                + g.name() + "' has (" + g.totalGpus() + ")");
                    }
                    slots.get(gi)[flat] = new GpuAssignment(g.name(), flat / per, flat % per, replicaBase + r, pi,
                            k / tp, k % tp, part.shape().config().role());
                }
            }
            replicaBase += part.count();
        }
        for (int gi = 0; gi < cluster.groups().size(); gi++) {
            NodeGroup g = cluster.groups().get(gi);
            int per = g.node().gpuCount();
            GpuAssignment[] s = slots.get(gi);
            for (int flat = 0; flat < s.length; flat++) {
                out.add(s[flat] != null ? s[flat]
                        : new GpuAssignment(g.name(), flat / per, flat % per, -1, -1, 0, 0, ReplicaRole.MIXED));
            }
        }
        return out;
    }

    private static int groupIndex(Cluster cluster, String name) {
        for (int i = 0; i < cluster.groups().size(); i++) {
            if (cluster.groups().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Plan refers to node group '" + name + "', which cluster '" + cluster.name()
                + "' does not have");
    }
}
