package io.fleetwise.planner.perf;

import io.fleetwise.planner.model.GpuType;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-GPU-type calibrations that take the place of the built-in H100-measured curves
 * ({@link CalibrationProfiles#h100Measured()}) for that GPU type. Every performance model is built through
 * {@link DefaultPerformanceModel}, which asks {@link #resolve} here, so whatever entry point asked for the built-in
 * default (simulation, capacity search, fleet allocation, plan search, what-if) predicts a calibrated GPU type with
 * its calibration. A caller that passes any other profile explicitly keeps it.
 *
 * <p>The table is installed by the application from its calibration store (the planner knows nothing of storage);
 * it is an immutable snapshot swapped atomically, so concurrent simulations see one table or the other, never a mix.
 */
public final class GpuCalibrations {

    /** A calibration in use for one GPU type, with the words that tell a user which one (type, version, date). */
    public record Calibrated(CalibrationProfile profile, String label) {
        public Calibrated {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(label, "label");
        }
    }

    /** What a result says when a GPU type has no installed calibration. */
    public static final String BUILT_IN_LABEL = "built-in (H100-measured curves)";

    private static volatile Map<String, Calibrated> installed = Map.of();

    private GpuCalibrations() {
    }

    /**
     * Installs {@code byGpuTypeName} (GPU type name to calibration) in place of the current table. Closing the
     * returned scope puts the previous table back (commands restore it when they finish; the GUI keeps its table).
     */
    public static Scope install(Map<String, Calibrated> byGpuTypeName) {
        Map<String, Calibrated> previous = installed;
        installed = Map.copyOf(byGpuTypeName);
        return () -> installed = previous;
    }

    /** The table in use, sorted by GPU type name. */
    public static Map<String, Calibrated> installed() {
        return new TreeMap<>(installed);
    }

    /** The profile to predict {@code gpu} with when a caller asked for {@code requested}. */
    public static CalibrationProfile resolve(CalibrationProfile requested, GpuType gpu) {
        if (requested != CalibrationProfiles.h100Measured()) {
            return requested;
        }
        Calibrated c = installed.get(gpu.name());
        return c == null ? requested : c.profile();
    }

    /** Which calibration predictions for this GPU type use: its label, or {@link #BUILT_IN_LABEL}. */
    public static String describe(String gpuTypeName) {
        Calibrated c = installed.get(gpuTypeName);
        return c == null ? BUILT_IN_LABEL : c.label();
    }

    /** Restores the table that was installed before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
