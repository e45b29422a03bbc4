package io.fleetwise.planner.model;

import java.util.Objects;

/** A server: {@code gpuCount} GPUs of one type, the link between them and the NIC to other nodes. */
public record Node(GpuType gpu, int gpuCount, Interconnect intraNode, Interconnect interNode) {

    public Node {
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(intraNode, "intraNode");
        Objects.requireNonNull(interNode, "interNode");
        if (gpuCount <= 0) {
            throw new IllegalArgumentException("Node of " + gpu.name() + ": gpuCount must be > 0, was " + gpuCount);
        }
    }

    /** The usual 8-GPU server of a type, its catalog link inside and InfiniBand NDR between nodes. */
    public static Node standard(GpuType gpu) {
        return new Node(gpu, 8, Interconnect.intraNodeOf(gpu), Interconnect.INFINIBAND_NDR);
    }
}
