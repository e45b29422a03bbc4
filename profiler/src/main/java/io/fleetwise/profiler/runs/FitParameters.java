package io.fleetwise.profiler.runs;

import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.EfficiencyCurve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a fit from runs moves, by name, and how a vector of them becomes the profile the simulator predicts
 * with. Host costs always (the engine profile's: per iteration, per scheduled sequence, per arriving request); with
 * {@code curves}, two scales of the GPU efficiency curves as well: one on the memory-bound side (weight-streaming
 * GEMMs and decode attention, what decode steps wait on) and one on the compute-bound side (large GEMMs and prefill
 * attention, what prefills wait on), each multiplying the curve's fractions (capped at 1).
 */
public final class FitParameters {
    public static final String HOST_ITERATION_US = "hostIterationUs";
    public static final String HOST_PER_SEQUENCE_US = "hostPerSequenceUs";
    public static final String FRONTEND_REQUEST_US = "frontendRequestUs";
    public static final String MEMORY_EFFICIENCY_SCALE = "memoryEfficiencyScale";
    public static final String COMPUTE_EFFICIENCY_SCALE = "computeEfficiencyScale";

    /** Below this a host cost is not told from zero by serving runs; finite-difference steps are at least this. */
    static final double MIN_STEP_US = 5.0;

    private final CalibrationProfile base;
    private final boolean curves;
    private final List<String> names;

    public FitParameters(CalibrationProfile base, boolean curves) {
        this.base = base;
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
        v[0] = base.hostIterationUs();
        v[1] = base.hostPerSequenceUs();
        v[2] = base.frontendRequestUs();
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

    public CalibrationProfile apply(double[] v) {
        CalibrationProfile p = base.withHostOverheads(v[0], v[1], v[2]);
        if (!curves) {
            return p;
        }
        return new CalibrationProfile(p.name() + " (fitted from runs)", scaled(p.gemmComputeEff(), v[4]),
                scaled(p.gemmMemoryEff(), v[3]), p.fp8ComputeScale(), scaled(p.prefillAttnComputeEff(), v[4]),
                scaled(p.decodeAttnMemoryEff(), v[3]), p.elementwiseMemoryEff(), p.overlapExponent(),
                p.graphKernelFloorUs(), p.eagerKernelFloorUs(), p.hostIterationUs(), p.hostPerSequenceUs(),
                p.frontendRequestUs(), p.collectiveBusEff(), p.source() + "; curves scaled by a fit from serving runs");
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
