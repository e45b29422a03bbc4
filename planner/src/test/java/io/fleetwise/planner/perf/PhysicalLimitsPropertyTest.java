package io.fleetwise.planner.perf;

import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prediction never claims more than the hardware can do: the bytes an iteration is said to move fit in its time
 * at the GPU's peak bandwidth (MBU <= 100 %), and its FLOPs at the peak of its GEMM dtype (MFU <= 100 %), for random
 * models of the catalog (dense, MoE, MLA), parallel layouts, dtypes, GPUs and batches. Cases are drawn from a fixed
 * seed (reproducible); {@code -Dfleetwise.fuzzSeed=N -Dfleetwise.fuzzExamples=M} draws others.
 */
class PhysicalLimitsPropertyTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final DType[][] DTYPES = {
            {DType.BF16, DType.BF16, DType.BF16},
            {DType.FP8, DType.BF16, DType.FP8},
            {DType.FP8, DType.FP8, DType.FP8},
            {DType.INT4, DType.BF16, DType.BF16},
            {DType.INT8, DType.FP8, DType.BF16},
            {DType.INT8, DType.BF16, DType.INT8},
            {DType.BF16, DType.FP8, DType.BF16}};

    /** A replica of some model on some GPU, and a batch it runs. */
    record Case(ModelSpec model, ReplicaConfig replica, BatchShape batch) {
    }

    @Test
    void mbuAndMfuNeverExceedOneWithMeasuredCurves() {
        for (Case c : cases(400, 13_013L)) {
            for (EngineProfile engine : EngineProfiles.all()) {
                assertWithinPeaks(c, CalibrationProfiles.h100Measured(), engine);
            }
        }
    }

    @Test
    void mbuAndMfuNeverExceedOneOnAnIdealRoofline() {
        for (Case c : cases(200, 31_031L)) {
            assertWithinPeaks(c, CalibrationProfile.ideal(), EngineProfile.kernelsOnly());
        }
    }

    private static void assertWithinPeaks(Case c, CalibrationProfile profile, EngineProfile engine) {
        PerformanceModel perf = PerformanceModel.create(c.model(), c.replica(), profile, engine);
        BatchShape b = c.batch();
        double ns = perf.iterationTimeNs(b);
        double s = ns * 1e-9;
        GpuType gpu = c.replica().gpu();
        double bytes = perf.bytesPerGpu(b.tokens(), b.prefillKvTokens(), b.decodeContextTokens());
        double flops = perf.flopsPerGpu(b.tokens(), b.prefillAttnPairs(), b.decodeContextTokens(), b.sequences());
        double mbu = bytes / (gpu.memBandwidthGBps() * 1e9 * s);
        double mfu = flops / (gpu.peakTflops(c.replica().gemmComputeDtype()) * 1e12 * s);
        assertThat(mbu).as("MBU of %s on %s, batch %s", c.model().name(), c.replica().label(), b).isLessThanOrEqualTo(1.0);
        assertThat(mfu).as("MFU of %s on %s, batch %s", c.model().name(), c.replica().label(), b).isLessThanOrEqualTo(1.0);
        IterationPrediction full = perf.predict(b);
        assertThat(full.bytesPerGpu() / (gpu.memBandwidthGBps() * 1e9 * full.totalNs() * 1e-9))
                .as("breakdown MBU of %s on %s", c.model().name(), c.replica().label()).isLessThanOrEqualTo(1.0);
    }

    static List<Case> cases(int defaultCount, long defaultSeed) {
        int count = Integer.getInteger("fleetwise.fuzzExamples", defaultCount);
        Random rnd = new Random(Long.getLong("fleetwise.fuzzSeed", defaultSeed));
        List<ModelSpec> models = CATALOG.models();
        List<GpuType> gpus = CATALOG.gpus();
        int[] pps = {1, 1, 2, 4};
        List<Case> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ModelSpec m = models.get(rnd.nextInt(models.size()));
            GpuType g = gpus.get(rnd.nextInt(gpus.size()));
            DType[] d = DTYPES[rnd.nextInt(DTYPES.length)];
            int tp = 1 << rnd.nextInt(4);
            while (tp > 1 && (m.numAttentionHeads() % tp != 0)) {
                tp /= 2;
            }
            int pp = Math.min(pps[rnd.nextInt(pps.length)], m.numLayers());
            ReplicaConfig r = ReplicaConfig.of(g, tp).withParallelism(tp, pp, 1).withDtypes(d[0], d[1], d[2]);
            out.add(new Case(m, r, batch(rnd)));
        }
        return out;
    }

    /** Up to 6 prompt chunks (1-8192 tokens after 0-32768 cached) and up to 512 decodes (context 1-32768). */
    private static BatchShape batch(Random rnd) {
        BatchShape b = BatchShape.EMPTY;
        int prefills = rnd.nextInt(7);
        for (int i = 0; i < prefills; i++) {
            b = b.plusPrefill(1 + rnd.nextInt(8192), rnd.nextInt(32769));
        }
        int decodes = rnd.nextInt(513);
        for (int i = 0; i < decodes; i++) {
            b = b.plusDecode(1 + rnd.nextInt(32768));
        }
        return b.isEmpty() ? BatchShape.decode(1, 1) : b;
    }
}
