package io.fleetwise.planner.search;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.BatchShape;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.perf.IterationPrediction;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.model.SchedulerKind;

/**
 * Closed-form steady state of one replica shape on the workload's mean request (the cheap bound the search ranks
 * with before simulating). Times come from the performance model, which evaluates one layer and scales by the
 * layer count. Queueing: prefills stall decodes (vLLM) or share iterations in chunks (Sarathi); the queue in front of
 * prefill is M/D/1 at the replica's utilization.
 */
public final class ShapeEstimate {
    private final ReplicaShape shape;
    private final MemoryPlan memory;
    private final PerformanceModel perf;
    private final WorkloadStats work;
    private final EnergyModel energy;
    private final int maxBatch;
    private final double prefillMs;
    private final double prefillStageMs;
    private final double frontendMs;
    private final double capacityPerS;
    private final double prefillOnlyCapacityPerS;
    private final double decodeOnlyCapacityPerS;

    public ShapeEstimate(ModelSpec model, ReplicaShape shape, WorkloadStats work, CalibrationSet calibration,
                         EnergyModel energy) {
        this.shape = shape;
        this.work = work;
        this.energy = energy;
        this.memory = shape.memoryPlan(model);
        this.perf = shape.performanceModel(model, calibration);
        double seqTokens = work.meanInputTokens() + work.meanOutputTokens();
        this.maxBatch = (int) Math.max(1, Math.min(shape.config().batching().maxNumSeqs(),
                Math.floor(memory.kvCapacityTokens() / Math.max(1, seqTokens))));
        int input = (int) Math.max(1, Math.round(work.meanInputTokens()));
        IterationPrediction pre = perf.predict(BatchShape.prefill(input));
        this.prefillMs = pre.totalNs() / 1e6;
        this.prefillStageMs = pre.stageNs() / 1e6 * shape.stageImbalance();
        this.frontendMs = perf.frontendNs() / 1e6;
        double decodeStage = decodeStageMs(maxBatch);
        double perRequestMs = prefillStageMs + work.meanOutputTokens() * decodeStage / maxBatch;
        this.capacityPerS = 1000.0 / perRequestMs;
        int packed = (int) Math.max(1, Math.min(shape.config().batching().maxNumSeqs(),
                shape.config().batching().maxBatchedTokens() / input));
        double packedMs = perf.predict(prefillBatch(packed, input)).stageNs() / 1e6 * shape.stageImbalance();
        this.prefillOnlyCapacityPerS = 1000.0 * packed / packedMs;
        this.decodeOnlyCapacityPerS = 1000.0 * maxBatch / (work.meanOutputTokens() * decodeStage);
    }

    private static BatchShape prefillBatch(int seqs, int input) {
        BatchShape b = BatchShape.EMPTY;
        for (int i = 0; i < seqs; i++) {
            b = b.plusPrefill(input, 0);
        }
        return b;
    }

    public ReplicaShape shape() {
        return shape;
    }

    public MemoryPlan memory() {
        return memory;
    }

    public PerformanceModel performance() {
        return perf;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public double prefillMs() {
        return prefillMs;
    }

    /** Requests/s one replica serves when saturated (mixed role). */
    public double capacityPerS() {
        return capacityPerS;
    }

    public double prefillOnlyCapacityPerS() {
        return prefillOnlyCapacityPerS;
    }

    public double decodeOnlyCapacityPerS() {
        return decodeOnlyCapacityPerS;
    }

    private BatchShape decodeBatch(int batch) {
        int ctx = (int) Math.round(work.meanInputTokens() + work.meanOutputTokens() / 2.0);
        return BatchShape.decode(batch, ctx);
    }

    /** Time of one decode iteration through all stages (what a token waits), ms. */
    public double decodeMs(int batch) {
        return perf.iterationTimeNs(decodeBatch(batch)) / 1e6;
    }

    /** Throughput-bounding decode time: the slowest stage when PP > 1, ms. */
    private double decodeStageMs(int batch) {
        if (shape.config().pp() == 1) {
            return decodeMs(batch);
        }
        return perf.predict(decodeBatch(batch)).stageNs() / 1e6 * shape.stageImbalance();
    }

    /** Breakdown of the decode iteration at the batch the replica runs at {@code ratePerS}. */
    public IterationPrediction breakdownAt(double ratePerS) {
        return perf.predict(decodeBatch(batchAt(ratePerS)));
    }

    /** Little's law: running sequences = rate x time in decode; capped by KV and max-num-seqs. */
    public int batchAt(double ratePerS) {
        double b = 1;
        for (int i = 0; i < 6; i++) {
            double tpot = decodeMs((int) Math.round(b));
            b = Math.max(1, Math.min(maxBatch, ratePerS * work.meanOutputTokens() * tpot / 1000.0));
        }
        return (int) Math.round(b);
    }

    /** Predicted {TTFT ms, TPOT ms} of the mean request at {@code ratePerS} per replica; infinite when overloaded. */
    public double[] latencyAt(double ratePerS, boolean prefillOnly, boolean decodeOnly) {
        double inf = Double.POSITIVE_INFINITY;
        double cap = prefillOnly ? prefillOnlyCapacityPerS : decodeOnly ? decodeOnlyCapacityPerS : capacityPerS;
        double rho = ratePerS / cap;
        if (rho >= 1) {
            return new double[]{inf, inf};
        }
        if (prefillOnly) {
            double wait = rho * prefillMs / (2 * (1 - rho));
            return new double[]{frontendMs + prefillMs + wait, 0};
        }
        int b = batchAt(ratePerS);
        double dec = decodeMs(b);
        if (decodeOnly) {
            return new double[]{0, dec};
        }
        double stall = ratePerS * prefillStageMs / 1000.0;
        if (stall >= 1) {
            return new double[]{inf, inf};
        }
        double tpot = dec / (1 - stall);
        double ttft;
        if (shape.config().batching().scheduler() == SchedulerKind.SARATHI) {
            int chunk = shape.config().batching().maxBatchedTokens();
            int chunks = (int) Math.ceil(work.meanInputTokens() / chunk);
            BatchShape mixed = decodeBatch(Math.max(0, b - 1)).plusPrefill((int) Math.min(chunk, Math.round(work.meanInputTokens())), 0);
            ttft = frontendMs + chunks * perf.iterationTimeNs(mixed) / 1e6;
        } else {
            ttft = frontendMs + prefillMs + dec / 2;
        }
        ttft += rho * prefillMs / (2 * (1 - rho));
        return new double[]{ttft, tpot};
    }

    /** Highest per-replica rate whose predicted mean-request TTFT and TPOT meet the SLO (bisection). */
    public double sloCapacityPerS(Slo slo) {
        double lo = 0;
        double hi = capacityPerS;
        if (!meets(1e-6 * hi, slo)) {
            return 0;
        }
        for (int i = 0; i < 24; i++) {
            double mid = 0.5 * (lo + hi);
            if (meets(mid, slo)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private boolean meets(double rate, Slo slo) {
        double[] l = latencyAt(rate, false, false);
        return l[0] <= slo.ttftMs() && l[1] <= slo.tpotMs();
    }

    /** Watts one replica draws at {@code ratePerS}: busy share at the decode iteration's utilization, idle otherwise. */
    public double powerW(double ratePerS) {
        double rho = Math.min(1, ratePerS / capacityPerS);
        IterationPrediction it = breakdownAt(ratePerS);
        double s = it.totalNs() * 1e-9;
        double peak = shape.config().gpu().peakTflops(shape.config().gemmComputeDtype()) * 1e12;
        double u = Math.max(it.flopsPerGpu() / (peak * s), it.bytesPerGpu() / (shape.config().gpu().memBandwidthGBps() * 1e9 * s));
        double busy = energy.powerW(shape.config().gpu(), u);
        double idle = energy.idlePowerW(shape.config().gpu());
        return shape.gpuCount() * (rho * busy + (1 - rho) * idle);
    }
}
