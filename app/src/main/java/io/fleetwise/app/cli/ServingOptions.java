package io.fleetwise.app.cli;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.service.ReplicaSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Model, replica and SLO options shared by {@code simulate} and {@code capacity}; unset options take the services' defaults. */
final class ServingOptions {
    @Option(names = "--model", paramLabel = "NAME", description = "model from the catalog (see `catalog models`)")
    String model;
    @Option(names = "--model-config", paramLabel = "HF_CONFIG_JSON", description = "a Hugging Face config.json instead of --model")
    Path modelConfig;
    @Option(names = "--gpu", paramLabel = "NAME", required = true, description = "GPU type (see `catalog gpus`)")
    String gpu;
    @Option(names = "--weight-dtype", paramLabel = "bf16|fp8|int8|int4",
            description = "weight format (default: the model's own checkpoint format)")
    String weightDtype;
    @Option(names = "--kv-dtype", paramLabel = "bf16|fp8", description = "KV-cache format (default bf16)")
    String kvDtype = "bf16";
    @Option(names = "--tp", description = "tensor-parallel GPUs per replica (default 1)")
    int tp = 1;
    @Option(names = "--pp", description = "pipeline stages per replica (default 1)")
    int pp = 1;
    @Option(names = "--ep", description = "expert-parallel degree for MoE (default 1)")
    int ep = 1;
    @Option(names = "--scheduler", paramLabel = "vllm|sarathi|orca",
            description = "batching (default: the engine's on this GPU; sarathi = chunked prefill)")
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
    private ModelSpec importedModel;

    /**
     * The catalog the command plans with: the current one, plus the model of {@code --model-config} when given (so the
     * planner services find it by name like any catalog model).
     */
    Catalog catalog(Catalog current) {
        if ((model == null) == (modelConfig == null)) {
            throw new IllegalArgumentException("Give exactly one of --model NAME and --model-config HF_CONFIG_JSON.");
        }
        if (model != null) {
            return current;
        }
        return current.withModel(imported());
    }

    /** The model's name in {@link #catalog}. */
    String modelName() {
        return model != null ? model : imported().name();
    }

    /**
     * Counts are positive and bounded before anything is sized from them (a {@code --tp 100000} would otherwise
     * allocate per-rank tables); the model-dependent rules are the planner's (ServingRules).
     */
    void checkBounds() {
        io.fleetwise.planner.ingest.InputBounds.intIn("--tp", tp, 1, 1024);
        io.fleetwise.planner.ingest.InputBounds.intIn("--pp", pp, 1, 1024);
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
    }

    private ModelSpec imported() {
        if (importedModel == null) {
            try {
                importedModel = HuggingFaceConfigImporter.importFile(modelConfig, null);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read " + modelConfig + ": " + e.getMessage(), e);
            }
        }
        return importedModel;
    }

    /** The replica these options describe; unset options keep {@link ReplicaSpec#defaults()} and the engine's choices. */
    ReplicaSpec spec() {
        return new ReplicaSpec(gpu, tp, pp, ep, weightDtype == null ? null : DType.parse(weightDtype), DType.parse(kvDtype),
                scheduler == null ? null : SchedulerKind.parse(scheduler), maxBatchedTokens, maxNumSeqs,
                gpuMemoryUtilization, prefixCaching, maxModelLen, schedulerSteps);
    }

    /** The SLO, or {@code fallback} when no target is given. */
    Slo sloOr(Slo fallback) {
        Slo given = slo.orNull();
        return given == null ? fallback : given;
    }
}
