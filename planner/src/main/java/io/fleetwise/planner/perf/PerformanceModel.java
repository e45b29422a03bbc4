package io.fleetwise.planner.perf;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;

/** Predicts iteration times of one model on one replica configuration. Implementations are immutable and thread-safe. */
public interface PerformanceModel {

    ModelSpec model();

    ReplicaConfig replica();

    /** The kernel profile of the replica's GPU type. */
    CalibrationProfile profile();

    /** The serving engine whose host time is added to the kernels'. */
    EngineProfile engine();

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
     * the GPU part split evenly over the PP stages plus the host's serial time (which every micro-batch needs); equals
     * {@code totalNs} without pipeline parallelism. A new micro-batch can start after this long.
     */
    default double stageTimeNs(double totalNs, int sequences) {
        int pp = replica().pp();
        if (pp <= 1) {
            return totalNs;
        }
        double host = engine().host().serialUs(sequences, sequences, replica().tp(), 1) * 1e3;
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

    /** Time from a request's arrival until the scheduler sees it (API server, tokenization; no queueing), ns. */
    default double frontendNs() {
        return engine().host().requestUs(0) * 1e3;
    }

    /**
     * API-server work for a request of {@code promptTokens} prompt tokens, ns: the server handles requests one after
     * another, so at a high arrival rate they queue for it (the simulator keeps that queue).
     */
    default double frontendServiceNs(int promptTokens) {
        return engine().host().requestUs(promptTokens) * 1e3;
    }

    /** The model of {@code replica} with the profile {@code calibration} has for its GPU type and its engine. */
    static PerformanceModel create(ModelSpec model, ReplicaConfig replica, CalibrationSet calibration) {
        return new DefaultPerformanceModel(model, replica, calibration.profileFor(replica.gpu()), calibration.engine());
    }

    /** The model of {@code replica} with exactly this kernel profile and engine (executor comparisons, tuning). */
    static PerformanceModel create(ModelSpec model, ReplicaConfig replica, CalibrationProfile profile, EngineProfile engine) {
        return new DefaultPerformanceModel(model, replica, profile, engine);
    }
}
