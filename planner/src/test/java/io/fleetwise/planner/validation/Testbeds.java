package io.fleetwise.planner.validation;

import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EfficiencyCurve;

import java.util.Map;
import java.util.TreeMap;

/**
 * The GPU calibration each testbed of the high-load set is replayed with. A benchmark lab's servers are machines like
 * any user's: the planner predicts for them with a GPU calibration measured on them ({@code fleetwise calibrate}), and
 * where none was measured, with the built-in one (the reference H100's sweep, {@link CalibrationProfiles#h100Measured}).
 * No lab published a sweep, so a testbed with TRAINING points gets one number fitted on those points alone
 * ({@code EngineTuning testbeds}): the share of the reference H100's compute-bound speed (GEMMs and prefill attention)
 * its machines reach. Memory-bound curves stay as measured. Hold-out points of a testbed that has training points
 * (a model never used for tuning, on the same machines) use its fitted scale; a testbed without training points (a GPU
 * never used for tuning) is replayed with the built-in calibration, as a user without a calibration would be.
 */
final class Testbeds {
    /**
     * Fitted compute scales (EngineTuning testbeds, training points only; docs/validation.md). Testbeds not listed use
     * the built-in calibration unchanged.
     */
    private static final Map<String, Double> COMPUTE_SCALE = new TreeMap<>(Map.of(
            "gpustack-h100", 0.40,
            "gpustack-quant-h100", 0.50,
            "sglang-bench060-h100", 0.575));

    private Testbeds() {
    }

    static synchronized double computeScale(String testbed) {
        return COMPUTE_SCALE.getOrDefault(testbed, 1.0);
    }

    static synchronized boolean isCalibrated(String testbed) {
        return COMPUTE_SCALE.containsKey(testbed);
    }

    static synchronized void use(String testbed, double scale) {
        COMPUTE_SCALE.put(testbed, scale);
    }

    /** The calibration a point of {@code testbed} is replayed with. */
    static CalibrationProfile profile(String testbed) {
        return scaled(CalibrationProfiles.h100Measured(), computeScale(testbed), testbed);
    }

    static CalibrationProfile scaled(CalibrationProfile p, double compute, String testbed) {
        if (compute == 1.0) {
            return p;
        }
        return new CalibrationProfile(p.name() + " (" + testbed + " x" + compute + ")", scaled(p.gemmComputeEff(), compute),
                p.gemmMemoryEff(), p.fp8ComputeScale(), p.fp8MemoryScale(), scaled(p.prefillAttnComputeEff(), compute), p.decodeAttnMemoryEff(),
                p.elementwiseMemoryEff(), p.overlapExponent(), p.graphKernelFloorUs(), p.eagerKernelFloorUs(),
                p.collectiveBusEff(), p.source() + "; compute-bound curves x" + compute + " for testbed " + testbed);
    }

    private static EfficiencyCurve scaled(EfficiencyCurve curve, double scale) {
        double[] f = curve.fractions();
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.min(1.0, Math.max(1e-3, f[i] * scale));
        }
        return new EfficiencyCurve(curve.sizes(), f);
    }
}
