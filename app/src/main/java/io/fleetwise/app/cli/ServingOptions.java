package io.fleetwise.app.cli;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
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
    @Option(names = "--scheduler", paramLabel = "vllm|sarathi|orca", description = "batching (default sarathi)")
    String scheduler = "sarathi";
    @Option(names = "--max-num-seqs", description = "most sequences per iteration (default 256)")
    int maxNumSeqs = 256;
    @Option(names = "--max-batched-tokens", description = "token budget per iteration (default: 512 sarathi, 8192 otherwise)")
    Integer maxBatchedTokens;
    @Option(names = "--gpu-memory-utilization", description = "share of GPU memory the engine uses (default 0.90)")
    double gpuMemoryUtilization = 0.90;
    @Option(names = "--prefix-caching", description = "reuse KV of shared prompt prefixes (traces with block hashes)")
    boolean prefixCaching;
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
        io.fleetwise.planner.ingest.InputBounds.intIn("--max-num-seqs", maxNumSeqs, 1, 1_000_000);
        if (maxBatchedTokens != null) {
            io.fleetwise.planner.ingest.InputBounds.intIn("--max-batched-tokens", maxBatchedTokens, 1, 100_000_000);
        }
        io.fleetwise.planner.ingest.InputBounds.doubleIn("--gpu-memory-utilization", gpuMemoryUtilization, 0.01, 1.0);
        if (m.numAttentionHeads() % tp != 0 || m.numKvHeads() % tp != 0 && tp % m.numKvHeads() != 0) {
            throw new io.fleetwise.planner.ingest.InputException("--tp " + tp + " does not divide " + m.name() + "'s "
                    + m.numAttentionHeads() + " attention heads (" + m.numKvHeads() + " KV heads); allowed: a divisor of "
                    + m.numAttentionHeads());
        }
    }

    ReplicaConfig replica(Catalog catalog) {
        SchedulerKind kind = SchedulerKind.parse(scheduler);
        BatchingPolicy policy = BatchingPolicy.of(kind).withMaxNumSeqs(maxNumSeqs)
                .withGpuMemoryUtilization(gpuMemoryUtilization).withPrefixCaching(prefixCaching);
        if (maxBatchedTokens != null) {
            policy = policy.withMaxBatchedTokens(maxBatchedTokens);
        }
        DType w = DType.parse(weightDtype);
        DType kv = DType.parse(kvDtype);
        DType act = w == DType.FP8 ? DType.FP8 : DType.BF16;
        return ReplicaConfig.of(catalog.gpu(gpu), tp).withParallelism(tp, pp, ep).withDtypes(w, kv, act).withBatching(policy);
    }

    /** The SLO, or null when no target is given. */
    Slo slo() {
        return slo.orNull();
    }
}
