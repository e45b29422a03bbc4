package io.fleetwise.app.cli;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.sim.RouterPolicy;
import io.fleetwise.profiler.runs.ServingDeployment;
import picocli.CommandLine.Option;

/**
 * What served the measured runs of {@code calibrate --from-runs}: the benchmark files record the client side only,
 * so the model, GPU type and engine settings come from here (the engine's own defaults where not given).
 */
final class RunDeploymentOptions {
    @Option(names = "--model", paramLabel = "NAME", description = "the model the runs served (see `catalog models`)")
    String model;
    @Option(names = "--gpu", paramLabel = "NAME", description = "the GPU type that served them (see `catalog gpus`)")
    String gpu;
    @Option(names = "--tp", description = "tensor-parallel GPUs per replica (default 1)")
    int tp = 1;
    @Option(names = "--pp", description = "pipeline stages per replica (default 1)")
    int pp = 1;
    @Option(names = "--replicas", description = "replicas behind the benchmarked endpoint (default 1)")
    int replicas = 1;
    @Option(names = "--weight-dtype", paramLabel = "bf16|fp8|int8|int4", description = "weight format (default bf16)")
    String weightDtype = "bf16";
    @Option(names = "--kv-dtype", paramLabel = "bf16|fp8", description = "KV-cache format (default bf16)")
    String kvDtype = "bf16";
    @Option(names = "--scheduler", paramLabel = "vllm|sarathi|orca", description = "batching the engine ran (default sarathi: chunked prefill)")
    String scheduler = "sarathi";
    @Option(names = "--max-num-seqs", description = "the engine's max_num_seqs (default 256)")
    int maxNumSeqs = 256;
    @Option(names = "--max-batched-tokens", description = "the engine's max_num_batched_tokens (default: 512 sarathi, 8192 otherwise)")
    Integer maxBatchedTokens;
    @Option(names = "--gpu-memory-utilization", description = "the engine's gpu-memory-utilization (default 0.90)")
    double gpuMemoryUtilization = 0.90;

    ServingDeployment deployment(Catalog catalog) {
        if (model == null || gpu == null) {
            throw new IllegalArgumentException("calibrate --from-runs needs --model and --gpu: benchmark files record the "
                    + "client side only, not what served them.");
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("--replicas must be >= 1, was " + replicas);
        }
        BatchingPolicy policy = BatchingPolicy.of(SchedulerKind.parse(scheduler)).withMaxNumSeqs(maxNumSeqs)
                .withGpuMemoryUtilization(gpuMemoryUtilization);
        if (maxBatchedTokens != null) {
            policy = policy.withMaxBatchedTokens(maxBatchedTokens);
        }
        DType w = DType.parse(weightDtype);
        ReplicaConfig replica = ReplicaConfig.of(catalog.gpu(gpu), tp).withParallelism(tp, pp, 1)
                .withDtypes(w, DType.parse(kvDtype), w == DType.FP8 ? DType.FP8 : DType.BF16).withBatching(policy);
        return new ServingDeployment(catalog.model(model), replica, replicas, RouterPolicy.LEAST_OUTSTANDING);
    }
}
