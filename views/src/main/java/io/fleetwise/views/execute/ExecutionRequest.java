package io.fleetwise.views.execute;

import io.fleetwise.planner.model.ReplicaConfig;

import java.util.Objects;

/**
 * What another area asks the Execute area to run: one GPU's shard of a replica (model, TP, PP, EP) and the workload
 * whose simulated schedule (the replica's first iterations under a Poisson stream of {@code lengthPreset} at
 * {@code ratePerReplicaPerS}, with the replica's token budget) it executes.
 *
 * @param replica the planned replica (GPU type, parallelism, batching) whose simulated schedule is run; null to
 *                simulate the schedule for the chosen device instead
 * @param source  where it came from, for the Execute area's status line ("plan #2 from Plans")
 * @param planId  the plan's row in the study the measured run attaches to; 0 when it is not stored
 */
public record ExecutionRequest(String modelName, int tp, int pp, int ep, String lengthPreset, double ratePerReplicaPerS,
                               int maxBatchTokens, ReplicaConfig replica, String source, long planId) {

    /** A request that no stored plan stands behind. */
    public ExecutionRequest(String modelName, int tp, int pp, int ep, String lengthPreset, double ratePerReplicaPerS,
                            int maxBatchTokens, ReplicaConfig replica, String source) {
        this(modelName, tp, pp, ep, lengthPreset, ratePerReplicaPerS, maxBatchTokens, replica, source, 0);
    }
    public ExecutionRequest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(lengthPreset, "lengthPreset");
        Objects.requireNonNull(source, "source");
        if (tp < 1 || pp < 1 || ep < 1) {
            throw new IllegalArgumentException("ExecutionRequest: TP, PP and EP must be >= 1, were " + tp + ", " + pp + ", " + ep);
        }
    }
}
