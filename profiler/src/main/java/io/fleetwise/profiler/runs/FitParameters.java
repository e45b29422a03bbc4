package io.fleetwise.profiler.runs;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.EfficiencyCurve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a fit from runs moves, by name, and how a vector of them becomes the calibration set the simulator
 * predicts with. Host costs always (the {@link EngineProfile}'s named ones: per iteration, per scheduled sequence, per
 * arriving request); with {@code curves}, two scales of the GPU type's efficiency curves as well: one on the
 * memory-bound side (weight-streaming GEMMs and decode attention, what decode steps wait on) and one on the
 * compute-bound side (large GEMMs and prefill attention, what prefills wait on), each multiplying the curve's fractions
 * (capped at 1). {@link #applyStored} turns a stored fit back into a calibration set the same way, so every planner
 * entry point predicts with exactly what the fit measured.
 */
public final class FitParameters {
    public static final String HOST_ITERATION_US = "hostIterationUs";
    public static final String HOST_PER_SEQUENCE_US = "hostPerSequenceUs";
    public static final String FRONTEND_REQUEST_US = "frontendRequestUs";
    public static final String MEMORY_EFFICIENCY_SCALE = "memoryEfficiencyScale";
    public static final String COMPUTE_EFFICIENCY_SCALE = "computeEfficiencyScale";

    /** Below this a host cost is not told from zero by serving runs; finite-difference steps are at least this. */
    static final double MIN_STEP_US = 5.0;

    private final CalibrationSet base;
    private final String gpuType;
    private final boolean curves;
    private final List<String> names;

    /** @param gpuType the GPU type the runs were measured on: the curve scales apply to its profile only */
    public FitParameters(CalibrationSet base, String gpuType, boolean curves) {
        this.base = base;
        this.gpuType = gpuType;
        this.curves = curves;
        List<String> n = new ArrayList<>(List.of(HOST_ITERATION_US, HOST_PER_SEQUENCE_US, FRONTEND_REQUEST_US));
        if (curves) {
            n.add(MEMORY_EFFICIENCY_SCALE);
            n.add(COMPUTE_EFFICIENCY_SCALE);
        }
        this.names = List.copyOf(n);
    }

    public List<String> names() {
        return names;
    }

    public boolean fitsCurves() {
        return curves;
    }

    /** The base profile's values: where a fit starts and what its ridge pulls towards. */
    public double[] start() {
        double[] v = new double[names.size()];
        EngineProfile e = base.engine();
        v[0] = e.hostIterationUs();
        v[1] = e.hostPerSequenceUs();
        v[2] = e.frontendRequestUs();
        if (curves) {
            v[3] = 1.0;
            v[4] = 1.0;
        }
        return v;
    }

    /** Keeps a vector in the physical range: host costs >= 0, curve scales in [0.2, 5]. */
    public double[] clamp(double[] v) {
        double[] c = v.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = i < 3 ? Math.max(0, c[i]) : Math.min(5.0, Math.max(0.2, c[i]));
        }
        return c;
    }

    /** Finite-difference step of parameter i at value v. */
    public double step(int i, double v) {
        return i < 3 ? Math.max(MIN_STEP_US, 0.05 * Math.abs(v)) : 0.02;
    }

    /** Scale a value is compared at (for the ridge and for reporting relative changes). */
    public double scale(int i, double start) {
        return i < 3 ? Math.max(100.0, Math.abs(start)) : 1.0;
    }

    public CalibrationSet apply(double[] v) {
        return apply(base, gpuType, named(v), "fitted from serving runs");
    }

    /**
     * {@code set} with fitted values applied: host costs on its engine profile, curve scales (where fitted) on
     * {@code gpuType}'s profile; unknown names are an error, so a stored fit never silently predicts differently.
     */
    public static CalibrationSet applyStored(CalibrationSet set, String gpuType, Map<String, Double> fitted, String label) {
        for (String name : fitted.keySet()) {
            if (!List.of(HOST_ITERATION_US, HOST_PER_SEQUENCE_US, FRONTEND_REQUEST_US, MEMORY_EFFICIENCY_SCALE,
                    COMPUTE_EFFICIENCY_SCALE).contains(name)) {
                throw new IllegalArgumentException("Fitted engine profile '" + label + "' has a parameter '" + name
                        + "' this version cannot apply");
            }
        }
        return apply(set, gpuType, fitted, label);
    }

    private static CalibrationSet apply(CalibrationSet set, String gpuType, Map<String, Double> v, String label) {
        EngineProfile e = set.engine();
        EngineProfile fittedEngine = e.withHostCosts(v.getOrDefault(HOST_ITERATION_US, e.hostIterationUs()),
                v.getOrDefault(HOST_PER_SEQUENCE_US, e.hostPerSequenceUs()),
                v.getOrDefault(FRONTEND_REQUEST_US, e.frontendRequestUs()))
                .relabeled(e.versionLabel() + ", " + label, e.source() + "; host costs " + label);
        CalibrationSet out = set.withEngine(fittedEngine);
        if (!v.containsKey(MEMORY_EFFICIENCY_SCALE) && !v.containsKey(COMPUTE_EFFICIENCY_SCALE)) {
            return out;
        }
        double memory = v.getOrDefault(MEMORY_EFFICIENCY_SCALE, 1.0);
        double compute = v.getOrDefault(COMPUTE_EFFICIENCY_SCALE, 1.0);
        CalibrationProfile p = set.profileFor(gpuType);
        CalibrationProfile scaled = new CalibrationProfile(p.name() + " (curves " + label + ")", scaled(p.gemmComputeEff(), compute),
                scaled(p.gemmMemoryEff(), memory), p.fp8ComputeScale(), scaled(p.prefillAttnComputeEff(), compute),
                scaled(p.decodeAttnMemoryEff(), memory), p.elementwiseMemoryEff(), p.overlapExponent(),
                p.graphKernelFloorUs(), p.eagerKernelFloorUs(), p.collectiveBusEff(),
                p.source() + "; memory-side curves x" + memory + ", compute-side x" + compute + " " + label);
        return out.withCalibration(gpuType, scaled, set.labelFor(gpuType) + ", curves " + label);
    }

    public Map<String, Double> named(double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), v[i]);
        }
        return m;
    }

    static EfficiencyCurve scaled(EfficiencyCurve curve, double scale) {
        double[] f = curve.fractions();
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.min(1.0, Math.max(1e-3, f[i] * scale));
        }
        return new EfficiencyCurve(curve.sizes(), f);
    }
}
