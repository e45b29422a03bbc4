package io.fleetwise.planner.model;

import java.util.Objects;

/**
 * {@code nodeCount} identical servers of one GPU type.
 *
 * @param availabilityCapGpus the most GPUs of this group a plan may use (0 = all of them)
 */
public record NodeGroup(String name, Node node, int nodeCount, int availabilityCapGpus) {

    public NodeGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        if (nodeCount <= 0) {
            throw new IllegalArgumentException("Node group '" + name + "': nodeCount must be > 0, was " + nodeCount);
        }
        if (availabilityCapGpus < 0) {
            throw new IllegalArgumentException("Node group '" + name + "': availabilityCapGpus must be >= 0, was "
                    + availabilityCapGpus);
        }
    }

    public GpuType gpu() {
        return node.gpu();
    }

    public int totalGpus() {
        return node.gpuCount() * nodeCount;
    }

    /** GPUs a plan may use: the cap where one is set, else every GPU of the group. */
    public int usableGpus() {
        return availabilityCapGpus > 0 ? Math.min(availabilityCapGpus, totalGpus()) : totalGpus();
    }

    public double costPerHourUsd() {
        return totalGpus() * node.gpu().price().onDemandUsdPerHour();
    }
}
