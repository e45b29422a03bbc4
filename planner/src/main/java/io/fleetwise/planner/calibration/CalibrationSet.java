package io.fleetwise.planner.calibration;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.fingerprint.Fingerprint;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything measured that a prediction uses, as one immutable value carried by every planner request: the
 * calibrated kernel profile of each calibrated GPU type (with the words that tell a user which calibration it is),
 * the profile every other GPU type is predicted with, and the serving engine's host-side profile. Two sets with
 * the same {@link #fingerprint()} predict the same, so results and caches name their calibration by it.
 *
 * <p>Where the calibrations come from (a store, a command-line choice) is the application's business; the planner
 * only ever sees this value.
 */
public final class CalibrationSet {

    /** A calibration in use for one GPU type, with the words that tell a user which one (type, version, date). */
    public record Calibrated(CalibrationProfile profile, String label) {
        public Calibrated {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(label, "label");
        }
    }

    /** What a result says for a GPU type predicted with the built-in curves. */
    public static final String BUILT_IN_LABEL = "built-in (H100-measured curves)";

    private final String label;
    private final CalibrationProfile uncalibrated;
    private final String uncalibratedLabel;
    private final SortedMap<String, Calibrated> byGpuType;
    private final EngineProfile engine;
    private final String fingerprint;

    private CalibrationSet(String label, CalibrationProfile uncalibrated, String uncalibratedLabel,
                           Map<String, Calibrated> byGpuType, EngineProfile engine) {
        this.label = requireText(label, "label");
        this.uncalibrated = Objects.requireNonNull(uncalibrated, "uncalibrated");
        this.uncalibratedLabel = requireText(uncalibratedLabel, "uncalibratedLabel");
        this.byGpuType = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(byGpuType, "byGpuType")));
        this.engine = Objects.requireNonNull(engine, "engine");
        Fingerprint f = Fingerprint.of("calibration-set").add("uncalibrated", uncalibrated.fingerprint())
                .add("engine", engine.fingerprint());
        this.byGpuType.forEach((type, c) -> f.add("gpu:" + type, c.profile().fingerprint()));
        this.fingerprint = f.hex();
    }

    /**
     * The built-in H100-measured curves for every GPU type and the default engine (the current mainstream one,
     * {@link EngineProfiles#defaultProfile()}): what a fresh install predicts with.
     */
    public static CalibrationSet builtIn() {
        return new CalibrationSet("built-in", CalibrationProfiles.h100Measured(), BUILT_IN_LABEL, Map.of(),
                EngineProfiles.defaultProfile());
    }

    /** One profile for every GPU type (tuning, tests, what-if studies of a hypothetical calibration). */
    public static CalibrationSet uniform(CalibrationProfile profile, EngineProfile engine) {
        return new CalibrationSet(profile.name(), profile, profile.name(), Map.of(), engine);
    }

    /**
     * The built-in curves for every GPU type not in {@code calibrated}, the given profiles for those that are.
     *
     * @param label what this set is, e.g. "latest stored calibrations"
     */
    public static CalibrationSet of(String label, Map<String, Calibrated> calibrated, EngineProfile engine) {
        return new CalibrationSet(label, CalibrationProfiles.h100Measured(), BUILT_IN_LABEL, calibrated, engine);
    }

    /** This set with {@code gpuType} predicted by {@code profile}, called {@code profileLabel}. */
    public CalibrationSet withCalibration(String gpuType, CalibrationProfile profile, String profileLabel) {
        Map<String, Calibrated> map = new TreeMap<>(byGpuType);
        map.put(requireText(gpuType, "gpuType"), new Calibrated(profile, profileLabel));
        return new CalibrationSet(label, uncalibrated, uncalibratedLabel, map, engine);
    }

    /** This set with another serving engine's host costs. */
    public CalibrationSet withEngine(EngineProfile other) {
        return new CalibrationSet(label, uncalibrated, uncalibratedLabel, byGpuType, other);
    }

    /** This set under another label. */
    public CalibrationSet withLabel(String newLabel) {
        return new CalibrationSet(newLabel, uncalibrated, uncalibratedLabel, byGpuType, engine);
    }

    /** The kernel profile that predicts {@code gpu}. */
    public CalibrationProfile profileFor(GpuType gpu) {
        return profileFor(gpu.name());
    }

    /** The kernel profile that predicts the GPU type named {@code gpuTypeName}. */
    public CalibrationProfile profileFor(String gpuTypeName) {
        Calibrated c = byGpuType.get(gpuTypeName);
        return c == null ? uncalibrated : c.profile();
    }

    /** Which calibration predicts this GPU type: its label, or the label of the uncalibrated profile. */
    public String labelFor(String gpuTypeName) {
        Calibrated c = byGpuType.get(gpuTypeName);
        return c == null ? uncalibratedLabel : c.label();
    }

    /** A stable hash of what predicts {@code gpuTypeName} (its profile and the engine): a cache key for one GPU type's results. */
    public String fingerprintFor(String gpuTypeName) {
        return Fingerprint.of("calibration-for-gpu").add("profile", profileFor(gpuTypeName).fingerprint())
                .add("engine", engine.fingerprint()).hex();
    }

    /** The calibrated GPU types, sorted by name. */
    public SortedMap<String, Calibrated> calibrated() {
        return byGpuType;
    }

    public EngineProfile engine() {
        return engine;
    }

    public String label() {
        return label;
    }

    /** A stable hash of every profile and the engine (not of labels): two sets with the same fingerprint predict the same. */
    public String fingerprint() {
        return fingerprint;
    }

    /** One line for a result: which calibration each of {@code gpuTypes} was predicted with. */
    public String describe(Collection<String> gpuTypes) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String t : gpuTypes) {
            labels.putIfAbsent(t, labelFor(t));
        }
        if (labels.isEmpty()) {
            return uncalibratedLabel;
        }
        if (labels.values().stream().distinct().count() == 1) {
            return labels.values().iterator().next();
        }
        StringBuilder sb = new StringBuilder();
        labels.forEach((t, l) -> sb.append(sb.length() == 0 ? "" : "; ").append(t).append(": ").append(l));
        return sb.toString();
    }

    /** The whole set in one line: the calibrated GPU types, and what the others are predicted with. */
    public String describe() {
        if (byGpuType.isEmpty()) {
            return uncalibratedLabel + " for every GPU type";
        }
        StringBuilder sb = new StringBuilder();
        byGpuType.values().forEach(c -> sb.append(sb.length() == 0 ? "" : "; ").append(c.label()));
        return sb.append("; other GPU types ").append(uncalibratedLabel).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationSet other && fingerprint.equals(other.fingerprint) && label.equals(other.label)
                && labelsOf(this).equals(labelsOf(other));
    }

    private static Map<String, String> labelsOf(CalibrationSet s) {
        Map<String, String> m = new TreeMap<>();
        s.byGpuType.forEach((t, c) -> m.put(t, c.label()));
        m.put("", s.uncalibratedLabel);
        return m;
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return label + " [" + fingerprint + "]: " + describe() + "; engine " + engine.describe();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CalibrationSet " + name + " must not be blank");
        }
        return value;
    }
}
