package io.fleetwise.planner.perf;

import io.fleetwise.planner.engine.EngineDefaults;
import io.fleetwise.planner.engine.EngineKernels;
import io.fleetwise.planner.engine.HostCosts;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;

/** Predicts iteration times of one model on one replica configuration. Implementations are immutable and thread-safe. */
public interface PerformanceModel {

    ModelSpec model();

    ReplicaConfig replica();

    CalibrationProfile profile();

    /** Full prediction with its breakdown. */
    IterationPrediction predict(BatchShape batch);

    /** Iteration time only, in ns; the simulator's hot path (no allocation). */
    double iterationTimeNs(int prefillTokens, int prefillSeqs, double prefillAttnPairs, long prefillKvTokens,
                           int decodeSeqs, long decodeContextTokens);

    default double iterationTimeNs(BatchShape b) {
        return iterationTimeNs(b.prefillTokens(), b.prefillSeqs(), b.prefillAttnPairs(), b.prefillKvTokens(),
                b.decodeSeqs(), b.decodeContextTokens());
    }

    /**
     * Time the first pipeline stage is busy with an iteration of {@code totalNs} and {@code sequences} sequences:
     * the GPU part split evenly over the PP stages plus the host time (which every micro-batch needs); equals
     * {@code totalNs} without pipeline parallelism. A new micro-batch can start after this long.
     */
    default double stageTimeNs(double totalNs, int sequences) {
        int pp = replica().pp();
        if (pp <= 1) {
            return totalNs;
        }
        double host = (profile().hostIterationUs() + profile().hostPerSequenceUs() * sequences) * 1e3;
        return Math.max(host, (totalNs - host) / pp + host);
    }

    /**
     * Time of {@code steps} decode steps of the same {@code decodeSeqs} sequences run back to back (multi-step
     * scheduling), their contexts {@code decodeContextTokens} at the first step and one token longer each step.
     */
    default double multiStepTimeNs(int steps, int decodeSeqs, long decodeContextTokens) {
        long midContext = decodeContextTokens + (long) decodeSeqs * (steps - 1) / 2;
        return steps * iterationTimeNs(0, 0, 0, 0, decodeSeqs, midContext);
    }

    /** FLOPs one GPU performs in an iteration (for MFU and energy); cheap closed form. */
    double flopsPerGpu(int tokens, double prefillAttnPairs, long decodeContextTokens, int sequences);

    /** HBM bytes one GPU reads in an iteration: its weights once plus the KV it attends to (for MBU and energy). */
    double bytesPerGpu(int tokens, long prefillKvTokens, long decodeContextTokens);

    /** Time from a request's arrival until the scheduler sees it (API server, tokenization), ns. */
    default double frontendNs() {
        return profile().frontendRequestUs() * 1e3;
    }

    /**
     * API-server work for a request of {@code promptTokens} prompt tokens, ns: the server handles requests one after
     * another, so at a high arrival rate they queue for it (the simulator keeps that queue).
     */
    default double frontendServiceNs(int promptTokens) {
        return frontendNs();
    }

    static PerformanceModel create(ModelSpec model, ReplicaConfig replica) {
        return new DefaultPerformanceModel(model, replica, CalibrationProfiles.h100Measured());
    }

    static PerformanceModel create(ModelSpec model, ReplicaConfig replica, CalibrationProfile profile) {
        return new DefaultPerformanceModel(model, replica, profile);
    }

    /** The model of {@code replica} with this kernel profile and a serving engine's host costs, defaults and kernels. */
    static PerformanceModel create(ModelSpec model, ReplicaConfig replica, CalibrationProfile profile, HostCosts host,
                                   EngineDefaults defaults, EngineKernels kernels) {
        return new DefaultPerformanceModel(model, replica, profile, host, defaults, kernels);
    }
}
