package io.fleetwise.executor.run;

/**
 * One timed operation of a run, ready for the profiler to store.
 *
 * @param iteration index in the schedule
 * @param layer     layer index within the shard; -1 for per-iteration operations
 * @param op        operation name (gemm_qkv, attn_decode, allreduce_attn ..., or "iteration")
 * @param shape     the operation's shape, e.g. "M=64 N=6144 K=4096"
 * @param device    the device name as discovery reported it
 * @param modelled  true when the time comes from {@link CollectiveModel}, not from the device
 */
public record TimingRecord(int iteration, int layer, String op, String shape, String dtype, String device, long timeNs, boolean modelled) {
}
