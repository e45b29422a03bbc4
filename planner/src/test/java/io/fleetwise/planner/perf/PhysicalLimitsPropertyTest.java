package io.fleetwise.planner.perf;

import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prediction never claims more than the hardware can do: the bytes an iteration is said to move fit in its time
 * at the GPU's peak bandwidth (MBU <= 100 %), and its FLOPs at the peak of its GEMM dtype (MFU <= 100 %), for random
 * models of the catalog (dense, MoE, MLA), parallel layouts, dtypes, GPUs and batches.
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

    @Property(tries = 400)
    void mbuAndMfuNeverExceedOneWithMeasuredCurves(@ForAll("cases") Case c) {
        for (EngineProfile engine : EngineProfiles.all()) {
            assertWithinPeaks(c, CalibrationProfiles.h100Measured(), engine);
        }
    }

    @Property(tries = 200)
    void mbuAndMfuNeverExceedOneOnAnIdealRoofline(@ForAll("cases") Case c) {
        assertWithinPeaks(c, CalibrationProfile.ideal(), EngineProfile.kernelsOnly());
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

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<ModelSpec> models = Arbitraries.of(CATALOG.models());
        Arbitrary<GpuType> gpus = Arbitraries.of(CATALOG.gpus());
        Arbitrary<DType[]> dtypes = Arbitraries.of(DTYPES);
        Arbitrary<Integer> tpExp = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> pp = Arbitraries.of(1, 1, 2, 4);
        return Combinators.combine(models, gpus, dtypes, tpExp, pp, batches())
                .as((m, g, d, e, p, b) -> {
                    int tp = 1 << e;
                    while (tp > 1 && (m.numAttentionHeads() % tp != 0)) {
                        tp /= 2;
                    }
                    ReplicaConfig r = ReplicaConfig.of(g, tp).withParallelism(tp, Math.min(p, m.numLayers()), 1)
                            .withDtypes(d[0], d[1], d[2]);
                    return new Case(m, r, b);
                });
    }

    private static Arbitrary<BatchShape> batches() {
        Arbitrary<List<int[]>> prefills = Combinators.combine(Arbitraries.integers().between(1, 8192),
                Arbitraries.integers().between(0, 32768)).as((chunk, before) -> new int[] {chunk, before}).list().ofMaxSize(6);
        Arbitrary<List<Integer>> decodes = Arbitraries.integers().between(1, 32768).list().ofMaxSize(512);
        return Combinators.combine(prefills, decodes).as((p, d) -> {
            BatchShape b = BatchShape.EMPTY;
            for (int[] c : p) {
                b = b.plusPrefill(c[0], c[1]);
            }
            for (int ctx : d) {
                b = b.plusDecode(ctx);
            }
            return b.isEmpty() ? BatchShape.decode(1, 1) : b;
        });
    }
}
