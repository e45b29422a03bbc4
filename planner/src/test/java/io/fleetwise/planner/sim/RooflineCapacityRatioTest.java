package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.LengthDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the host's share taken away (no engine around the kernels), a memory-bound decode workload's capacity at a
 * TPOT SLO follows the GPUs' memory rooflines: the batch that still meets the target grows with what the GPU can
 * stream in one target interval, (T * bandwidth - weights) / KV per sequence (Llama-3.1-8B bf16, 512 prompt and
 * 1024 output tokens, TPOT target 20 ms: the H100's batch still fits its KV pool). The H100 is the reference.
 */
class RooflineCapacityRatioTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec MODEL = CATALOG.model("Llama-3.1-8B");
    private static final double TPOT_TARGET_MS = 20;
    private static final int INPUT = 512;
    private static final int OUTPUT = 1024;

    /** Short prompts, long outputs: decode dominates. */
    private static final LengthDistribution DECODE_HEAVY = new LengthDistribution() {
        @Override
        public void sample(SplittableRandom random, int[] out) {
            out[0] = INPUT;
            out[1] = OUTPUT;
        }

        @Override
        public String name() {
            return "512 in / 1024 out";
        }
    };

    private static double capacity(GpuType gpu) {
        CalibrationSet kernelsOnly = CalibrationSet.builtIn().withEngine(EngineProfile.kernelsOnly());
        ReplicaConfig rc = ReplicaConfig.of(gpu, 1).withBatching(BatchingPolicy.sarathi(2048).withMaxNumSeqs(2048));
        Slo slo = Slo.of(10_000, TPOT_TARGET_MS, 0.9);
        return CapacitySearch.maxRate(MODEL, rc, DECODE_HEAVY, slo, new CapacitySearch.Options(800, 3L, 0.02, 40),
                kernelsOnly, ProgressListener.NONE).maxRatePerS();
    }

    /** Batch a GPU can decode within the TPOT target at its datasheet bandwidth, relative to the H100's. */
    private static double rooflineRatio(GpuType gpu, GpuType reference) {
        double weights = MODEL.totalParams() * DType.BF16.bytes();
        double kvPerSeq = MODEL.kvBytesPerToken(DType.BF16) * (INPUT + OUTPUT / 2.0);
        double t = TPOT_TARGET_MS / 1e3;
        double batch = (t * gpu.memBandwidthGBps() * 1e9 - weights) / kvPerSeq;
        double ref = (t * reference.memBandwidthGBps() * 1e9 - weights) / kvPerSeq;
        return batch / ref;
    }

    @ParameterizedTest
    @CsvSource({"H200-SXM", "B200-HGX"})
    void capacityRatioToH100FollowsTheMemoryRoofline(String gpuName) {
        GpuType h100 = CATALOG.gpu("H100-SXM");
        GpuType gpu = CATALOG.gpu(gpuName);
        double ratio = capacity(gpu) / capacity(h100);
        double bandwidthRatio = gpu.memBandwidthGBps() / h100.memBandwidthGBps();
        double roofline = rooflineRatio(gpu, h100);
        // At least the bandwidth ratio (1.43x, 2.30x: the weights take a fixed share of every step), and close to
        // the roofline batch ratio.
        assertThat(ratio).as("%s / H100 capacity", gpuName).isGreaterThan(0.95 * bandwidthRatio);
        assertThat(ratio).as("%s / H100 capacity vs roofline %.2f", gpuName, roofline).isBetween(0.85 * roofline, 1.15 * roofline);
    }
}
