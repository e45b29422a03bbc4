package io.fleetwise.planner.model;

import java.util.Objects;

/**
 * One serving instance: {@code tp * pp} GPUs of one type (EP shards MoE experts over the TP group's GPUs).
 * Dtypes: weights may be bf16/fp16/fp8/int8/int4 (weight-only int4/int8 dequantize to the activation dtype for
 * the math); KV cache bf16/fp16/fp8; activations bf16/fp16/fp8.
 */
public record ReplicaConfig(GpuType gpu, int tp, int pp, int ep, DType weightDtype, DType kvDtype,
                            DType activationDtype, BatchingPolicy batching, ReplicaRole role, Node node) {

    public ReplicaConfig {
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(weightDtype, "weightDtype");
        Objects.requireNonNull(kvDtype, "kvDtype");
        Objects.requireNonNull(activationDtype, "activationDtype");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(role, "role");
        node = node == null ? Node.standard(gpu) : node;
        if (tp <= 0 || pp <= 0 || ep <= 0) {
            throw new IllegalArgumentException("ReplicaConfig on " + gpu.name() + ": tp, pp, ep must be > 0, were "
                    + tp + ", " + pp + ", " + ep);
        }
        if (ep > tp * pp) {
            throw new IllegalArgumentException("ReplicaConfig on " + gpu.name() + ": ep " + ep + " exceeds the replica's "
                    + tp * pp + " GPUs");
        }
        if (!node.gpu().name().equals(gpu.name())) {
            throw new IllegalArgumentException("ReplicaConfig: node holds " + node.gpu().name() + " but gpu is " + gpu.name());
        }
    }

    /** bf16 everywhere, vLLM default batching, a mixed role, the standard node of the GPU. */
    public static ReplicaConfig of(GpuType gpu, int tp) {
        return new ReplicaConfig(gpu, tp, 1, 1, DType.BF16, DType.BF16, DType.BF16, BatchingPolicy.vllmDefault(),
                ReplicaRole.MIXED, Node.standard(gpu));
    }

    public int gpuCount() {
        return tp * pp;
    }

    /** Whether the tensor-parallel group spans nodes (then TP collectives run over the NIC). */
    public boolean tpCrossesNodes() {
        return tp > node.gpuCount();
    }

    /** Whether consecutive pipeline stages sit on different nodes. */
    public boolean ppCrossesNodes() {
        return tp * pp > node.gpuCount();
    }

    /** Compute dtype of GEMMs: fp8 weights with fp8 activations use the fp8 tensor path, the rest run at 16 bit. */
    public DType gemmComputeDtype() {
        if (weightDtype == DType.FP8 && activationDtype == DType.FP8) {
            return DType.FP8;
        }
        if (weightDtype == DType.INT8 && activationDtype == DType.INT8) {
            return DType.INT8;
        }
        return activationDtype == DType.FP16 ? DType.FP16 : DType.BF16;
    }

    /** int4/int8 weights with 16-bit activations: weight-only kernels that dequantize before 16-bit math. */
    public boolean isWeightOnlyQuantized() {
        return (weightDtype == DType.INT4 || weightDtype == DType.INT8) && gemmComputeDtype() != DType.INT8;
    }

    public ReplicaConfig withParallelism(int newTp, int newPp, int newEp) {
        return new ReplicaConfig(gpu, newTp, newPp, newEp, weightDtype, kvDtype, activationDtype, batching, role, node);
    }

    public ReplicaConfig withDtypes(DType weights, DType kv, DType activations) {
        return new ReplicaConfig(gpu, tp, pp, ep, weights, kv, activations, batching, role, node);
    }

    public ReplicaConfig withBatching(BatchingPolicy policy) {
        return new ReplicaConfig(gpu, tp, pp, ep, weightDtype, kvDtype, activationDtype, policy, role, node);
    }

    public ReplicaConfig withRole(ReplicaRole newRole) {
        return new ReplicaConfig(gpu, tp, pp, ep, weightDtype, kvDtype, activationDtype, batching, newRole, node);
    }

    public ReplicaConfig withNode(Node newNode) {
        return new ReplicaConfig(gpu, tp, pp, ep, weightDtype, kvDtype, activationDtype, batching, role, newNode);
    }

    public String label() {
        return gpu.name() + " TP" + tp + (pp > 1 ? " PP" + pp : "") + (ep > 1 ? " EP" + ep : "")
                + " " + weightDtype.label() + " " + batching.scheduler().name().toLowerCase(java.util.Locale.ROOT)
                + (role == ReplicaRole.MIXED ? "" : " " + role.name().toLowerCase(java.util.Locale.ROOT));
    }
}
