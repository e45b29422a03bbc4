package io.fleetwise.app.cli;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.model.Slo;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Model, replica and SLO options shared by {@code simulate} and {@code capacity}. */
final class ServingOptions {
    @Option(names = "--model", paramLabel = "NAME", description = "model from the catalog (see `catalog models`)")
    String model;
    @Option(names = "--model-config", paramLabel = "HF_CONFIG_JSON", description = "a Hugging Face config.json instead of --model")
    Path modelConfig;
    @Option(names = "--gpu", paramLabel = "NAME", required = true, description = "GPU type (see `catalog gpus`)")
    String gpu;
    @Option(names = "--weight-dtype", paramLabel = "bf16|fp8|int8|int4", description = "weight format (default bf16)")
    String weightDtype = "bf16";
    @Option(names = "--kv-dtype", paramLabel = "bf16|fp8", description = "KV-cache format (default bf16)")
    String kvDtype = "bf16";
    @Option(names = "--tp", description = "tensor-parallel GPUs per replica (default 1)")
    int tp = 1;
    @Option(names = "--pp", description = "pipeline stages per replica (default 1)")
    int pp = 1;
    @Option(names = "--ep", description = "expert-parallel degree for MoE (default 1)")
    int ep = 1;
    @Option(names = "--scheduler", paramLabel = "vllm|sarathi|orca",
            description = "batching (default: the engine's; sarathi = chunked prefill)")
    String scheduler;
    @Option(names = "--max-num-seqs", description = "most sequences per iteration (default: the engine's on this GPU)")
    Integer maxNumSeqs;
    @Option(names = "--max-batched-tokens", description = "token budget per iteration (default: the engine's on this GPU)")
    Integer maxBatchedTokens;
    @Option(names = "--max-model-len", description = "context length the server is started with (default: the model's); "
            + "vLLM 0.6 chunks prompts only above 32768")
    Integer maxModelLen;
    @Option(names = "--gpu-memory-utilization", description = "share of GPU memory the engine uses (default: the engine's)")
    Double gpuMemoryUtilization;
    @Option(names = "--num-scheduler-steps", description = "decode steps per scheduling (vLLM 0.6 multi-step; default 1)")
    Integer schedulerSteps;
    @Option(names = "--prefix-caching", negatable = true,
            description = "reuse KV of shared prompt prefixes (traces with block hashes; default: the engine's)")
    Boolean prefixCaching;
    @Mixin
    SloOptions slo;

    ModelSpec model(Catalog catalog) {
        if ((model == null) == (modelConfig == null)) {
            throw new IllegalArgumentException("Give exactly one of --model NAME and --model-config HF_CONFIG_JSON.");
        }
        if (model != null) {
            return catalog.model(model);
        }
        try {
            return HuggingFaceConfigImporter.importFile(modelConfig, null);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + modelConfig + ": " + e.getMessage(), e);
        }
    }

    /**
     * The parallelism fits the model: TP divides the attention and KV heads (a 32-head model cannot be split
     * 1024 ways), PP is at most the layer count, counts are positive and bounded.
     */
    void checkAgainst(ModelSpec m) {
        io.fleetwise.planner.ingest.InputBounds.intIn("--tp", tp, 1, 1024);
        io.fleetwise.planner.ingest.InputBounds.intIn("--pp", pp, 1, Math.max(1, m.numLayers()));
        io.fleetwise.planner.ingest.InputBounds.intIn("--ep", ep, 1, 1024);
        if (maxNumSeqs != null) {
            io.fleetwise.planner.ingest.InputBounds.intIn("--max-num-seqs", maxNumSeqs, 1, 1_000_000);
        }
        if (maxBatchedTokens != null) {
            io.fleetwise.planner.ingest.InputBounds.intIn("--max-batched-tokens", maxBatchedTokens, 1, 100_000_000);
        }
        if (maxModelLen != null) {
            io.fleetwise.planner.ingest.InputBounds.intIn("--max-model-len", maxModelLen, 1, 100_000_000);
        }
        if (schedulerSteps != null) {
            io.fleetwise.planner.ingest.InputBounds.intIn("--num-scheduler-steps", schedulerSteps, 1, 1024);
        }
        if (gpuMemoryUtilization != null) {
            io.fleetwise.planner.ingest.InputBounds.doubleIn("--gpu-memory-utilization", gpuMemoryUtilization, 0.01, 1.0);
        }
        if (m.numAttentionHeads() % tp != 0 || m.numKvHeads() % tp != 0 && tp % m.numKvHeads() != 0) {
            throw new io.fleetwise.planner.ingest.InputException("--tp " + tp + " does not divide " + m.name() + "'s "
                    + m.numAttentionHeads() + " attention heads (" + m.numKvHeads() + " KV heads); allowed: a divisor of "
                    + m.numAttentionHeads());
        }
    }

    /** The replica: the engine's batching defaults on this GPU, with every flag given applied over them. */
    ReplicaConfig replica(Catalog catalog, ModelSpec spec, EngineProfile engine) {
        GpuType gpuType = catalog.gpu(gpu);
        BatchingPolicy policy = engine.defaults().batching(gpuType, maxModelLen != null ? maxModelLen : spec.maxPositionEmbeddings());
        if (scheduler != null && SchedulerKind.parse(scheduler) != policy.scheduler()) {
            // Another scheduler than the engine's: its own budget (512 chunked, 8192 whole prompts), the engine's rest.
            SchedulerKind kind = SchedulerKind.parse(scheduler);
            policy = new BatchingPolicy(kind, policy.maxNumSeqs(), BatchingPolicy.of(kind).maxBatchedTokens(),
                    policy.blockSizeTokens(), policy.gpuMemoryUtilization(), policy.prefixCaching(), policy.cudaGraphs(),
                    policy.schedulerSteps());
        }
        if (maxNumSeqs != null) {
            policy = policy.withMaxNumSeqs(maxNumSeqs);
        }
        if (maxBatchedTokens != null) {
            policy = policy.withMaxBatchedTokens(maxBatchedTokens);
        }
        if (gpuMemoryUtilization != null) {
            policy = policy.withGpuMemoryUtilization(gpuMemoryUtilization);
        }
        if (prefixCaching != null) {
            policy = policy.withPrefixCaching(prefixCaching);
        }
        if (schedulerSteps != null) {
            policy = policy.withSchedulerSteps(schedulerSteps);
        }
        DType w = DType.parse(weightDtype);
        DType kv = DType.parse(kvDtype);
        DType act = w == DType.FP8 ? DType.FP8 : DType.BF16;
        return ReplicaConfig.of(gpuType, tp).withParallelism(tp, pp, ep).withDtypes(w, kv, act).withBatching(policy);
    }

    /** The SLO, or null when no target is given. */
    Slo slo() {
        return slo.orNull();
    }
}
