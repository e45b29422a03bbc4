package io.fleetwise.planner.perf;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GpuCalibrationsTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    private static CalibrationProfile halfAsEfficient() {
        CalibrationProfile b = CalibrationProfiles.h100Measured();
        EfficiencyCurve e = EfficiencyCurve.constant(0.3);
        return new CalibrationProfile("half", e, e, b.fp8ComputeScale(), e, e, e, b.overlapExponent(), b.graphKernelFloorUs(),
                b.eagerKernelFloorUs(), b.hostIterationUs(), b.hostPerSequenceUs(), b.frontendRequestUs(), b.collectiveBusEff(), "test");
    }

    private static double decodeNs(String gpu, CalibrationProfile requested) {
        ModelSpec model = CATALOG.model("Llama-3.1-8B");
        PerformanceModel m = PerformanceModel.create(model, ReplicaConfig.of(CATALOG.gpu(gpu), 1), requested);
        return m.predict(BatchShape.decode(32, 2000)).totalNs();
    }

    @Test
    void anInstalledCalibrationReplacesTheBuiltInDefaultForItsGpuTypeOnly() {
        double h100 = decodeNs("H100-SXM", CalibrationProfiles.h100Measured());
        double a100 = decodeNs("A100-80GB-SXM", CalibrationProfiles.h100Measured());
        double idealH100 = decodeNs("H100-SXM", CalibrationProfile.ideal());
        try (GpuCalibrations.Scope s = GpuCalibrations.install(Map.of("H100-SXM",
                new GpuCalibrations.Calibrated(halfAsEfficient(), "H100-SXM calibration v1")))) {
            assertThat(decodeNs("H100-SXM", CalibrationProfiles.h100Measured())).isGreaterThan(1.3 * h100);
            assertThat(decodeNs("A100-80GB-SXM", CalibrationProfiles.h100Measured())).isEqualTo(a100);
            assertThat(decodeNs("H100-SXM", CalibrationProfile.ideal())).as("an explicit profile is kept")
                    .isEqualTo(idealH100);
            assertThat(GpuCalibrations.describe("H100-SXM")).isEqualTo("H100-SXM calibration v1");
            assertThat(GpuCalibrations.describe("A100-80GB-SXM")).isEqualTo(GpuCalibrations.BUILT_IN_LABEL);
        }
        assertThat(decodeNs("H100-SXM", CalibrationProfiles.h100Measured())).isEqualTo(h100);
        assertThat(GpuCalibrations.installed()).isEmpty();
    }
}
