package io.fleetwise.planner.sim;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.BatchShape;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.IterationPrediction;
import io.fleetwise.planner.perf.PerformanceModel;

/**
 * A performance model that remembers the iteration times it computed, for the runs of one capacity search: the runs
 * replay the same replica with the same request lengths at nearby rates, so batch shapes recur from run to run (a
 * fixed-length cell has few distinct prefill batches, and its decode batches repeat their size and context). A
 * direct-mapped table of primitive arrays: no allocation per lookup, bounded memory, and a miss only costs the
 * computation it saves on a hit. Exact, since a performance model is a pure function of the batch. Not thread-safe:
 * one search, one thread.
 */
final class IterationTimeCache implements PerformanceModel {
    private static final int SLOTS = 1 << 15;

    private final PerformanceModel model;
    private final long[] prefill = new long[SLOTS];
    private final long[] pairs = new long[SLOTS];
    private final long[] prefillKv = new long[SLOTS];
    private final long[] decode = new long[SLOTS];
    private final double[] timeNs = new double[SLOTS];
    private final boolean[] used = new boolean[SLOTS];

    IterationTimeCache(PerformanceModel model) {
        this.model = model;
    }

    @Override
    public double iterationTimeNs(int prefillTokens, int prefillSeqs, double prefillAttnPairs, long prefillKvTokens,
                                  int decodeSeqs, long decodeContextTokens) {
        long p = ((long) prefillTokens << 32) | (prefillSeqs & 0xFFFFFFFFL);
        long a = Double.doubleToRawLongBits(prefillAttnPairs);
        long d = ((long) decodeSeqs << 40) ^ decodeContextTokens;
        long h = p * 0x9E3779B97F4A7C15L ^ a * 0xC2B2AE3D27D4EB4FL ^ prefillKvTokens * 0x165667B19E3779F9L
                ^ d * 0xD6E8FEB86659FD93L;
        int slot = (int) (h ^ (h >>> 29)) & (SLOTS - 1);
        if (used[slot] && prefill[slot] == p && pairs[slot] == a && prefillKv[slot] == prefillKvTokens
                && decode[slot] == d && (decodeContextTokens >>> 40) == 0) {
            return timeNs[slot];
        }
        double t = model.iterationTimeNs(prefillTokens, prefillSeqs, prefillAttnPairs, prefillKvTokens, decodeSeqs,
                decodeContextTokens);
        used[slot] = true;
        prefill[slot] = p;
        pairs[slot] = a;
        prefillKv[slot] = prefillKvTokens;
        decode[slot] = d;
        timeNs[slot] = t;
        return t;
    }

    @Override
    public ModelSpec model() {
        return model.model();
    }

    @Override
    public ReplicaConfig replica() {
        return model.replica();
    }

    @Override
    public CalibrationProfile profile() {
        return model.profile();
    }

    @Override
    public EngineProfile engine() {
        return model.engine();
    }

    @Override
    public IterationPrediction predict(BatchShape batch) {
        return model.predict(batch);
    }

    @Override
    public double stageTimeNs(double totalNs, int sequences) {
        return model.stageTimeNs(totalNs, sequences);
    }

    @Override
    public double flopsPerGpu(int tokens, double prefillAttnPairs, long decodeContextTokens, int sequences) {
        return model.flopsPerGpu(tokens, prefillAttnPairs, decodeContextTokens, sequences);
    }

    @Override
    public double bytesPerGpu(int tokens, long prefillKvTokens, long decodeContextTokens) {
        return model.bytesPerGpu(tokens, prefillKvTokens, decodeContextTokens);
    }

    @Override
    public double frontendNs() {
        return model.frontendNs();
    }
}
