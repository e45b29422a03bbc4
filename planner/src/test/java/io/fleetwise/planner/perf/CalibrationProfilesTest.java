package io.fleetwise.planner.perf;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrationProfilesTest {

    @Test
    void fittedGemmModelReproducesTheLargeMeasuredGemms() {
        CalibrationProfile p = CalibrationProfiles.h100Measured();
        List<Double> errors = new ArrayList<>();
        for (CalibrationProfiles.SweepRow r : CalibrationProfiles.readSweep()) {
            if (!r.isGemm() || !r.dtype().equals("bf16") || r.timeUs() < 45) {
                continue;
            }
            double flops = 2.0 * r.m() * r.k() * r.n();
            double bytes = CalibrationProfiles.gemmBytes(r, 2.0);
            double tc = flops / (989e12 * p.gemmComputeEff().at(flops));
            double tm = bytes / (3350e9 * p.gemmMemoryEff().at(bytes));
            double predictedUs = Math.cbrt(tc * tc * tc + tm * tm * tm) * 1e6;
            errors.add(Math.abs(predictedUs / r.timeUs() - 1));
        }
        assertThat(errors).hasSizeGreaterThan(50);
        assertThat(CalibrationProfiles.median(errors)).isLessThan(0.08);
    }

    /**
     * fp8 scaled-mm as the sweep measured it (torch._scaled_mm on H100, Llama-3.1-8B/70B and Mistral-Large gate/up
     * shapes at TP1 and TP8, M = 1 to 8192): the fp8 weight-streaming scale brings the small-M rows, which stream half
     * the bytes of bf16 at a lower share of the bandwidth, within 3 % (median) where the bf16 curve alone is 5 % fast.
     */
    @Test
    void fp8ScaledMmIsPredictedByMFromItsOwnRows() {
        CalibrationProfile p = CalibrationProfiles.h100Measured();
        assertThat(p.fp8MemoryScale()).isBetween(0.85, 1.0);
        List<Double> small = new ArrayList<>();
        List<Double> smallWithoutScale = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        for (CalibrationProfiles.SweepRow r : CalibrationProfiles.readSweep()) {
            if (!r.isGemm() || !r.dtype().equals("fp8") || r.timeUs() < 45) {
                continue;
            }
            double flops = 2.0 * r.m() * r.k() * r.n();
            double bytes = CalibrationProfiles.fp8GemmBytes(r);
            double tc = flops / (1979e12 * p.fp8ComputeScale() * p.gemmComputeEff().at(flops));
            double tm = bytes / (3350e9 * p.gemmMemoryEff().at(bytes) * p.fp8MemoryScale());
            double tmBf16Eff = bytes / (3350e9 * p.gemmMemoryEff().at(bytes));
            double predicted = Math.cbrt(tc * tc * tc + tm * tm * tm) * 1e6;
            all.add(Math.abs(predicted / r.timeUs() - 1));
            if (r.m() <= 16) {
                small.add(predicted / r.timeUs() - 1);
                smallWithoutScale.add(Math.cbrt(tc * tc * tc + tmBf16Eff * tmBf16Eff * tmBf16Eff) * 1e6 / r.timeUs() - 1);
            }
        }
        assertThat(small).hasSizeGreaterThanOrEqualTo(6); // TP1 shapes; the TP8 ones run under 45 us (dispatch bound)
        assertThat(Math.abs(CalibrationProfiles.median(small))).isLessThan(0.03);
        assertThat(CalibrationProfiles.median(smallWithoutScale)).isLessThan(-0.03);
        assertThat(CalibrationProfiles.median(all)).isLessThan(0.08);
    }

    @Test
    void fittedEfficienciesStayBelowPeak() {
        CalibrationProfile p = CalibrationProfiles.h100Measured();
        assertThat(p.gemmComputeEff().at(1e12)).isBetween(0.6, 0.85);
        assertThat(p.gemmMemoryEff().at(5e8)).isBetween(0.7, 0.95);
        assertThat(p.fp8ComputeScale()).isBetween(0.7, 1.0);
    }

    @Test
    void h100Llama70bTp8DecodeStepIsTensOfMilliseconds() {
        Catalog c = Catalog.builtIn();
        ModelSpec m = c.model("Llama-3.1-70B");
        double ms = PerformanceModel.create(m, ReplicaConfig.of(c.gpu("H100-SXM"), 8), CalibrationSet.builtIn()).predict(BatchShape.decode(1, 500)).totalMs();
        // Weights alone: 17.6 GB per GPU at 3.35 TB/s = 5.3 ms; measured vLLM 0.6.0 TPOT at low load: 13.8 ms.
        assertThat(ms).isBetween(10.0, 18.0);
    }

    /**
     * Small-M GEMMs stream their weights with a fixed device time per GEMM: the device-bound rows of 30-45 us (TP-sharded
     * decode shapes, 37-120 MB, left out of the fit before and then predicted 5-35 % fast by a flat curve) are
     * reproduced, and the efficiency keeps falling below the sizes the long rows cover.
     */
    @Test
    void weightStreamingKeepsAFixedDeviceTimePerGemm() {
        CalibrationProfile p = CalibrationProfiles.h100Measured();
        List<Double> errors = new ArrayList<>();
        for (CalibrationProfiles.SweepRow r : CalibrationProfiles.readSweep()) {
            if (!r.isGemm() || !r.dtype().equals("bf16") || r.m() > 16 || r.timeUs() < 30 || r.timeUs() >= 45) {
                continue;
            }
            double bytes = CalibrationProfiles.gemmBytes(r, 2.0);
            double predictedUs = bytes / (3350e9 * p.gemmMemoryEff().at(bytes)) * 1e6;
            errors.add(Math.abs(predictedUs / r.timeUs() - 1));
        }
        assertThat(errors).hasSizeGreaterThanOrEqualTo(5);
        assertThat(CalibrationProfiles.median(errors)).isLessThan(0.10);
        assertThat(p.gemmMemoryEff().at(20e6)).isLessThan(0.5);
        assertThat(p.gemmMemoryEff().at(64e6)).isLessThan(p.gemmMemoryEff().at(512e6));
        assertThat(p.gemmMemoryEff().at(4e9)).isBetween(0.85, 0.95);
    }
}
