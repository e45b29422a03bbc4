package io.fleetwise.planner.model;

import java.util.List;
import java.util.Objects;

/** Node groups of possibly different GPU types; groups talk over each node's NIC. */
public record Cluster(String name, List<NodeGroup> groups) {

    public Cluster {
        Objects.requireNonNull(name, "name");
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("Cluster '" + name + "' has no node groups");
        }
        long distinct = groups.stream().map(NodeGroup::name).distinct().count();
        if (distinct != groups.size()) {
            throw new IllegalArgumentException("Cluster '" + name + "': node group names must be unique");
        }
    }

    public int totalGpus() {
        return groups.stream().mapToInt(NodeGroup::totalGpus).sum();
    }

    public double costPerHourUsd() {
        return groups.stream().mapToDouble(NodeGroup::costPerHourUsd).sum();
    }

    public double totalMemoryGb() {
        return groups.stream().mapToDouble(g -> g.totalGpus() * g.gpu().memoryGb()).sum();
    }

    public double totalBf16Tflops() {
        return groups.stream().mapToDouble(g -> g.totalGpus() * g.gpu().peakTflops(DType.BF16)).sum();
    }

    public double totalTdpW() {
        return groups.stream().mapToDouble(g -> g.totalGpus() * g.gpu().tdpW()).sum();
    }
}
