package io.fleetwise.planner.search;

import io.fleetwise.planner.model.ReplicaRole;

/**
 * What one GPU of the cluster does in a plan (for the placement diagram). Unused GPUs have replica -1.
 *
 * @param nodeGroup  the node group's name
 * @param node       node index inside the group
 * @param gpu        GPU index inside the node
 * @param replica    replica index in the plan (over all parts), -1 when idle
 * @param part       index of the plan part the replica belongs to, -1 when idle
 * @param stage      pipeline stage of this GPU
 * @param shard      tensor-parallel rank (also the attention-DP rank under an attention-DP split)
 * @param role       mixed, prefill or decode
 */
public record GpuAssignment(String nodeGroup, int node, int gpu, int replica, int part, int stage, int shard,
                            ReplicaRole role) {

    public boolean idle() {
        return replica < 0;
    }
}
