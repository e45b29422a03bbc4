package io.fleetwise.profiler.calibrate;

import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.EfficiencyCurve;
import io.fleetwise.profiler.DeviceModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EfficiencyFitTest {
    private static final GpuType CPU = DeviceModels.cpuReference();

    private static CalibrationProfile base() {
        return DeviceModels.uncalibrated(new DeviceInfo(DeviceInfo.Kind.CPU, 0, "cpu", 0, 0, 0, 1L << 30, 0, 0, 0, 0, Optional.empty()));
    }

    /** A sweep whose times come from known curves placed on the knots the fitter will choose. */
    private static List<SweepPoint> synthetic(Map<EfficiencyFit.Curve, double[]> truthFractions, double noise, long seed) {
        List<SweepPoint> shapes = new ArrayList<>();
        for (int m : new int[] {1, 4, 16, 64, 256}) {
            for (int[] nk : new int[][] {{256, 256}, {512, 512}, {1024, 512}}) {
                shapes.add(SweepPoint.gemm(m, nk[0], nk[1], 1));
            }
        }
        for (int t : new int[] {16, 32, 64, 128}) {
            shapes.add(SweepPoint.prefill(t, 0, 4, 2, 64, 1));
        }
        for (int[] bc : new int[][] {{1, 64}, {4, 256}, {16, 128}, {32, 512}}) {
            shapes.add(SweepPoint.decode(bc[0], bc[1], 4, 2, 64, 1));
        }
        for (int r : new int[] {16, 64, 256, 1024}) {
            shapes.add(SweepPoint.elementwise("rmsnorm", 4.0 * r * 512, 1));
        }
        EfficiencyFit fit = new EfficiencyFit(CPU, base());
        Map<EfficiencyFit.Curve, EfficiencyCurve> truth = new EnumMap<>(EfficiencyFit.Curve.class);
        for (EfficiencyFit.Curve c : EfficiencyFit.Curve.values()) {
            List<Double> sizes = new ArrayList<>();
            shapes.stream().filter(p -> EfficiencyFit.uses(p.kind(), c)).forEach(p -> sizes.add(EfficiencyFit.sizeFor(p, c)));
            truth.put(c, new EfficiencyCurve(EfficiencyFit.knotsFor(sizes), truthFractions.get(c)));
        }
        Random random = new Random(seed);
        List<SweepPoint> out = new ArrayList<>();
        for (SweepPoint s : shapes) {
            double t = fit.predictNs(s, truth) * Math.exp(noise * random.nextGaussian());
            out.add(new SweepPoint(s.kind(), s.shape(), s.flops(), s.bytes(), t));
        }
        return out;
    }

    private static Map<EfficiencyFit.Curve, double[]> knownCurves() {
        Map<EfficiencyFit.Curve, double[]> m = new EnumMap<>(EfficiencyFit.Curve.class);
        m.put(EfficiencyFit.Curve.GEMM_COMPUTE, new double[] {0.004, 0.012, 0.03, 0.05});
        m.put(EfficiencyFit.Curve.GEMM_MEMORY, new double[] {0.002, 0.004, 0.01, 0.02});
        m.put(EfficiencyFit.Curve.ATTENTION_COMPUTE, new double[] {0.01, 0.02, 0.025, 0.04});
        m.put(EfficiencyFit.Curve.ATTENTION_MEMORY, new double[] {0.003, 0.006, 0.008, 0.01});
        m.put(EfficiencyFit.Curve.ELEMENTWISE_MEMORY, new double[] {0.005, 0.01, 0.02, 0.03});
        return m;
    }

    @Test
    void fittingRecoversKnownElementwiseAndGemmComputeCurvesFromNoiselessTimings() {
        Map<EfficiencyFit.Curve, double[]> truth = knownCurves();
        List<SweepPoint> sweep = synthetic(truth, 0.0, 1);
        EfficiencyFit.Result r = new EfficiencyFit(CPU, base()).fit(sweep, base(), "test", "synthetic");

        assertThat(r.rmsLogError()).isLessThan(0.01);
        double[] elt = r.fitted().get(EfficiencyFit.Curve.ELEMENTWISE_MEMORY).fractions();
        for (int i = 0; i < elt.length; i++) {
            assertThat(elt[i]).as("elementwise knot %d", i).isCloseTo(truth.get(EfficiencyFit.Curve.ELEMENTWISE_MEMORY)[i], within(0.02 * truth.get(EfficiencyFit.Curve.ELEMENTWISE_MEMORY)[i]));
        }
        double[] gemm = r.fitted().get(EfficiencyFit.Curve.GEMM_COMPUTE).fractions();
        // The largest GEMMs are compute-bound: their knot is pinned by them.
        assertThat(gemm[gemm.length - 1]).isCloseTo(0.05, within(0.05 * 0.05));
        assertThat(r.profile().elementwiseMemoryEff().at(4.0 * 64 * 512)).isCloseTo(
                new EfficiencyCurve(r.fitted().get(EfficiencyFit.Curve.ELEMENTWISE_MEMORY).sizes(), truth.get(EfficiencyFit.Curve.ELEMENTWISE_MEMORY)).at(4.0 * 64 * 512),
                within(0.001));
    }

    @Test
    void fittedModelReproducesNoisyTimingsWithinTheirNoise() {
        List<SweepPoint> sweep = synthetic(knownCurves(), 0.05, 7);
        EfficiencyFit.Result r = new EfficiencyFit(CPU, base()).fit(sweep, base(), "test", "synthetic");

        // 5% log-normal noise: a good fit leaves about that, a bad one (wrong curve shape or a stuck optimizer) much more.
        assertThat(r.rmsLogError()).isBetween(0.02, 0.07);
        assertThat(r.points()).isEqualTo(sweep.size());
    }

    @Test
    void startingFromTheWrongEfficiencyTheFitMovesTheCurveToTheData() {
        // All elementwise points at 3% of the reference bandwidth; the start guess is derived per point, so this checks
        // the optimizer lands on the right level even for a single-knot curve.
        List<SweepPoint> sweep = new ArrayList<>();
        for (double bytes : new double[] {1e5, 1e6, 1e7}) {
            sweep.add(SweepPoint.elementwise("x", bytes, bytes / (DeviceModels.CPU_REFERENCE_GBPS * 1e9 * 0.03) * 1e9));
        }
        EfficiencyFit.Result r = new EfficiencyFit(CPU, base()).fit(sweep, base(), "test", "synthetic");

        for (double f : r.fitted().get(EfficiencyFit.Curve.ELEMENTWISE_MEMORY).fractions()) {
            assertThat(f).isCloseTo(0.03, within(0.0005));
        }
        assertThat(r.fitted()).doesNotContainKey(EfficiencyFit.Curve.GEMM_COMPUTE);
        assertThat(r.profile().gemmComputeEff().fractions()).containsExactly(base().gemmComputeEff().fractions());
    }
}
