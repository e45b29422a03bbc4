package io.fleetwise.profiler.runs;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.HostCosts;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.EfficiencyCurve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a fit from runs moves, by name, and how a vector of them becomes the calibration set the simulator
 * predicts with. Every numeric host cost of the engine profile ({@link HostCosts#PARAMETER_NAMES}: per step, per TP
 * worker, per scheduled sequence, per sampled token, per streamed token, per request, per prompt token; the engine's
 * overlap flags stay as the engine does it); with {@code curves}, two scales of the GPU type's efficiency curves as
 * well: one on the memory-bound side (weight-streaming GEMMs and decode attention, what decode steps wait on) and one
 * on the compute-bound side (large GEMMs and prefill attention, what prefills wait on), each multiplying the curve's
 * fractions (capped at 1). {@link #applyStored} turns a stored fit back into a calibration set the same way, so every
 * planner entry point predicts with exactly what the fit measured.
 */
public final class FitParameters {
    public static final String MEMORY_EFFICIENCY_SCALE = "memoryEfficiencyScale";
    public static final String COMPUTE_EFFICIENCY_SCALE = "computeEfficiencyScale";

    /**
     * Names fits stored before engine profiles had named host costs (V31 rows) used, and the cost each meant: the
     * three host costs the first engine profile had.
     */
    static final Map<String, String> LEGACY_NAMES = Map.of(
            "hostIterationUs", "iterationUs",
            "hostPerSequenceUs", "perScheduledSequenceUs",
            "frontendRequestUs", "apiPerRequestUs");

    /**
     * The size a host cost is compared at when the engine's value is smaller (for the ridge, the finite-difference
     * step = 1/20 of it, and the "not seen" probe): a per-step or per-request cost is worth ~100 us, a per-sequence or
     * per-token one ~10 us, tokenization ~1 us per prompt token.
     */
    private static final Map<String, Double> TYPICAL_US = Map.of(
            "iterationUs", 100.0, "perTpWorkerUs", 100.0, "apiPerRequestUs", 100.0,
            "perScheduledSequenceUs", 10.0, "perSampledTokenUs", 10.0, "apiPerOutputTokenUs", 10.0,
            "apiPerPromptTokenUs", 1.0);

    private final CalibrationSet base;
    private final String gpuType;
    private final boolean curves;
    private final List<String> names;

    /** @param gpuType the GPU type the runs were measured on: the curve scales apply to its profile only */
    public FitParameters(CalibrationSet base, String gpuType, boolean curves) {
        this(base, gpuType, curves, allNames(curves));
    }

    private FitParameters(CalibrationSet base, String gpuType, boolean curves, List<String> names) {
        this.base = base;
        this.gpuType = gpuType;
        this.curves = curves;
        this.names = List.copyOf(names);
    }

    private static List<String> allNames(boolean curves) {
        List<String> n = new ArrayList<>(HostCosts.PARAMETER_NAMES);
        if (curves) {
            n.add(MEMORY_EFFICIENCY_SCALE);
            n.add(COMPUTE_EFFICIENCY_SCALE);
        }
        return n;
    }

    /** The same fit moving only {@code kept} (in this order); the others stay at the engine's values. */
    public FitParameters restrictedTo(List<String> kept) {
        for (String k : kept) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("'" + k + "' is not a parameter of this fit " + names);
            }
        }
        return new FitParameters(base, gpuType, curves, kept);
    }

    public List<String> names() {
        return names;
    }

    public boolean fitsCurves() {
        return curves;
    }

    private boolean isCurveScale(int i) {
        String n = names.get(i);
        return n.equals(MEMORY_EFFICIENCY_SCALE) || n.equals(COMPUTE_EFFICIENCY_SCALE);
    }

    /** The base profile's values: where a fit starts and what its ridge pulls towards. */
    public double[] start() {
        double[] v = new double[names.size()];
        Map<String, Double> host = base.engine().host().parameters();
        for (int i = 0; i < v.length; i++) {
            v[i] = isCurveScale(i) ? 1.0 : host.get(names.get(i));
        }
        return v;
    }

    /** Keeps a vector in the physical range: host costs >= 0, curve scales in [0.2, 5]. */
    public double[] clamp(double[] v) {
        double[] c = v.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = isCurveScale(i) ? Math.min(5.0, Math.max(0.2, c[i])) : Math.max(0, c[i]);
        }
        return c;
    }

    /** Finite-difference step of parameter i at value v. */
    public double step(int i, double v) {
        return isCurveScale(i) ? 0.02 : Math.max(TYPICAL_US.get(names.get(i)) / 20.0, 0.05 * Math.abs(v));
    }

    /** Scale a value is compared at (for the ridge and for reporting relative changes). */
    public double scale(int i, double start) {
        return isCurveScale(i) ? 1.0 : Math.max(TYPICAL_US.get(names.get(i)), Math.abs(start));
    }

    public CalibrationSet apply(double[] v) {
        return apply(base, gpuType, named(v), "fitted from serving runs");
    }

    /**
     * {@code set} with fitted values applied: host costs on its engine profile, curve scales (where fitted) on
     * {@code gpuType}'s profile. Names from fits stored before the engine profiles named their host costs
     * ({@link #LEGACY_NAMES}) mean the cost they were fitted as; any other unknown name is an error, so a stored fit
     * never silently predicts differently.
     */
    public static CalibrationSet applyStored(CalibrationSet set, String gpuType, Map<String, Double> fitted, String label) {
        Map<String, Double> current = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : fitted.entrySet()) {
            String name = LEGACY_NAMES.getOrDefault(e.getKey(), e.getKey());
            if (!HostCosts.PARAMETER_NAMES.contains(name) && !name.equals(MEMORY_EFFICIENCY_SCALE)
                    && !name.equals(COMPUTE_EFFICIENCY_SCALE)) {
                throw new IllegalArgumentException("Fitted engine profile '" + label + "' has a parameter '"
                        + e.getKey() + "' this version cannot apply (known: " + HostCosts.PARAMETER_NAMES + ", "
                        + MEMORY_EFFICIENCY_SCALE + ", " + COMPUTE_EFFICIENCY_SCALE + ")");
            }
            if (current.put(name, e.getValue()) != null) {
                throw new IllegalArgumentException("Fitted engine profile '" + label + "' sets " + name + " twice (as '"
                        + e.getKey() + "' and under its current name)");
            }
        }
        return apply(set, gpuType, current, label);
    }

    private static CalibrationSet apply(CalibrationSet set, String gpuType, Map<String, Double> v, String label) {
        EngineProfile e = set.engine();
        Map<String, Double> host = new LinkedHashMap<>();
        v.forEach((k, x) -> {
            if (HostCosts.PARAMETER_NAMES.contains(k)) {
                host.put(k, x);
            }
        });
        EngineProfile fittedEngine = e.withHost(e.host().with(host))
                .relabeled(e.versionLabel() + ", " + label, e.source() + "; host costs " + label);
        CalibrationSet out = set.withEngine(fittedEngine);
        if (!v.containsKey(MEMORY_EFFICIENCY_SCALE) && !v.containsKey(COMPUTE_EFFICIENCY_SCALE)) {
            return out;
        }
        double memory = v.getOrDefault(MEMORY_EFFICIENCY_SCALE, 1.0);
        double compute = v.getOrDefault(COMPUTE_EFFICIENCY_SCALE, 1.0);
        CalibrationProfile p = set.profileFor(gpuType);
        CalibrationProfile scaled = new CalibrationProfile(p.name() + " (curves " + label + ")", scaled(p.gemmComputeEff(), compute),
                scaled(p.gemmMemoryEff(), memory), p.fp8ComputeScale(), p.fp8MemoryScale(), scaled(p.prefillAttnComputeEff(), compute),
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
