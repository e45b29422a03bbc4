package io.fleetwise.planner.calibration;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.HostCosts;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.BatchShape;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EfficiencyCurve;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.perf.PerformanceModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationSetTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec LLAMA8B = CATALOG.model("Llama-3.1-8B");
    private static final ReplicaConfig H100 = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1);
    private static final ReplicaConfig A100 = ReplicaConfig.of(CATALOG.gpu("A100-80GB-SXM"), 1);

    private static CalibrationProfile halfAsEfficient() {
        CalibrationProfile b = CalibrationProfiles.h100Measured();
        EfficiencyCurve e = EfficiencyCurve.constant(0.3);
        return new CalibrationProfile("half", e, e, b.fp8ComputeScale(), e, e, e, b.overlapExponent(),
                b.graphKernelFloorUs(), b.eagerKernelFloorUs(), b.collectiveBusEff(), "test");
    }

    /** The built-in curves with another fp8 scale and overlap exponent: what a calibration may well change. */
    private static CalibrationProfile otherFp8ScaleAndOverlap() {
        CalibrationProfile b = CalibrationProfiles.h100Measured();
        return new CalibrationProfile("fp8 and overlap", b.gemmComputeEff(), b.gemmMemoryEff(), 0.25 * b.fp8ComputeScale(),
                b.prefillAttnComputeEff(), b.decodeAttnMemoryEff(), b.elementwiseMemoryEff(), 1.5,
                b.graphKernelFloorUs(), b.eagerKernelFloorUs(), b.collectiveBusEff(), "test");
    }

    private static double decodeNs(ReplicaConfig replica, CalibrationSet set) {
        return PerformanceModel.create(LLAMA8B, replica, set).predict(BatchShape.decode(32, 2000)).totalNs();
    }

    @Test
    void aCalibratedGpuTypeIsPredictedWithItsProfileAndOtherTypesKeepTheBuiltInOne() {
        CalibrationSet builtIn = CalibrationSet.builtIn();
        CalibrationSet calibrated = builtIn.withCalibration("H100-SXM", halfAsEfficient(), "H100-SXM calibration v1");

        assertThat(decodeNs(H100, calibrated)).isGreaterThan(1.3 * decodeNs(H100, builtIn));
        assertThat(decodeNs(A100, calibrated)).isEqualTo(decodeNs(A100, builtIn));
        assertThat(calibrated.labelFor("H100-SXM")).isEqualTo("H100-SXM calibration v1");
        assertThat(calibrated.labelFor("A100-80GB-SXM")).isEqualTo(CalibrationSet.BUILT_IN_LABEL);
    }

    /**
     * The old static table resolved the profile for the GPU type but read the fp8 scale and overlap exponent from the
     * profile the caller asked for, so a calibrated value of either was silently ignored (checked on the old code:
     * an fp8 prefill of 4096 tokens predicted 56.3 ms instead of the calibration's 179.8 ms).
     */
    @Test
    void theFp8ScaleAndOverlapExponentOfACalibratedProfileAreUsed() {
        ReplicaConfig fp8 = H100.withDtypes(DType.FP8, DType.BF16, DType.FP8);
        CalibrationProfile calibration = otherFp8ScaleAndOverlap();
        CalibrationSet set = CalibrationSet.builtIn().withCalibration("H100-SXM", calibration, "v1");
        BatchShape prefill = BatchShape.prefill(4096);

        double viaSet = PerformanceModel.create(LLAMA8B, fp8, set).predict(prefill).operatorNs(OperatorClass.FFN_GEMM);
        double direct = PerformanceModel.create(LLAMA8B, fp8, calibration, set.engine()).predict(prefill)
                .operatorNs(OperatorClass.FFN_GEMM);
        double builtIn = PerformanceModel.create(LLAMA8B, fp8, CalibrationSet.builtIn()).predict(prefill)
                .operatorNs(OperatorClass.FFN_GEMM);

        assertThat(viaSet).isEqualTo(direct);
        assertThat(viaSet).isGreaterThan(1.5 * builtIn);
    }

    @Test
    void theEngineProfileCarriesTheHostTime() {
        EngineProfile engine = CalibrationSet.builtIn().engine();
        CalibrationSet noHost = CalibrationSet.builtIn().withEngine(engine.withHost(HostCosts.NONE));
        PerformanceModel vllm = PerformanceModel.create(LLAMA8B, H100, CalibrationSet.builtIn());
        PerformanceModel kernels = PerformanceModel.create(LLAMA8B, H100, noHost);
        BatchShape decode = BatchShape.decode(8, 500);

        // A small decode batch: the API server's per-token work hides behind the kernels, the scheduling does not.
        assertThat(vllm.predict(decode).totalNs() - kernels.predict(decode).totalNs())
                .isCloseTo(engine.host().serialUs(8, 8, 1, 1) * 1e3, within(1e-3));
        assertThat(vllm.frontendNs()).isEqualTo(engine.host().apiPerRequestUs() * 1e3);
        assertThat(kernels.frontendNs()).isZero();
        assertThat(PerformanceModel.create(LLAMA8B, H100, CalibrationSet.builtIn().withEngine(EngineProfile.kernelsOnly()))
                .frontendNs()).isZero();
    }

    @Test
    void theFingerprintFollowsTheContentNotTheLabels() {
        CalibrationSet a = CalibrationSet.builtIn().withCalibration("H100-SXM", halfAsEfficient(), "v1");
        CalibrationSet sameContent = CalibrationSet.builtIn().withLabel("other words")
                .withCalibration("H100-SXM", halfAsEfficient(), "v1 again");

        assertThat(sameContent.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(CalibrationSet.builtIn().fingerprint()).isNotEqualTo(a.fingerprint())
                .isEqualTo(CalibrationSet.builtIn().fingerprint()).hasSize(16);
        assertThat(a.withEngine(EngineProfile.vllm06().withHost(EngineProfile.vllm06().host().withApiInEngineProcess(true))).fingerprint())
                .isNotEqualTo(a.fingerprint());
        assertThat(a.fingerprintFor("A100-80GB-SXM")).isEqualTo(CalibrationSet.builtIn().fingerprintFor("A100-80GB-SXM"));
        assertThat(a.fingerprintFor("H100-SXM")).isNotEqualTo(CalibrationSet.builtIn().fingerprintFor("H100-SXM"));
    }

    @Test
    void describeNamesEachGpuTypesCalibration() {
        CalibrationSet set = CalibrationSet.builtIn().withCalibration("H100-SXM", halfAsEfficient(), "H100-SXM calibration v2");

        assertThat(set.describe(List.of("H100-SXM"))).isEqualTo("H100-SXM calibration v2");
        assertThat(set.describe(List.of("H100-SXM", "L4")))
                .isEqualTo("H100-SXM: H100-SXM calibration v2; L4: " + CalibrationSet.BUILT_IN_LABEL);
        assertThat(set.describe()).isEqualTo("H100-SXM calibration v2; other GPU types " + CalibrationSet.BUILT_IN_LABEL);
        assertThat(CalibrationSet.builtIn().describe()).isEqualTo(CalibrationSet.BUILT_IN_LABEL + " for every GPU type");
    }
}
