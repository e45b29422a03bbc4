package io.fleetwise.app;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.GpuCalibrations;
import io.fleetwise.profiler.store.CalibrationStore;
import io.fleetwise.profiler.store.StoredCalibration;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place where stored calibrations become the planner's: for each GPU type with a calibration in the
 * store (measured on a GPU that matched that catalog type), the planner predicts that type with the fitted
 * efficiency curves from then on. Every planner entry point of the app (the CLI commands, the GUI areas) goes
 * through {@link #install}; the planner itself only sees {@link GpuCalibrations}.
 *
 * <p>What a calibration replaces: the kernel efficiency curves and the compute/memory overlap exponent, which the
 * executor measures. What it keeps from the built-in profile: the vLLM host overheads, kernel floors, fp8 scale and
 * collective bus efficiency, which a kernel sweep cannot measure (the executor has no serving loop or NCCL).
 */
public final class CalibrationResolver {
    /** {@code --calibration} values besides a version number. */
    public static final String BUILTIN = "builtin";
    public static final String LATEST = "latest";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private final CalibrationStore store;

    public CalibrationResolver(Database database, Clock clock) {
        this.store = new CalibrationStore(database, clock);
    }

    public CalibrationStore store() {
        return store;
    }

    /**
     * The table for a {@code --calibration} choice: {@code builtin} (no calibration), {@code latest} (the newest of
     * every GPU type), {@code N} (version N of {@code gpuType}, the newest of the others) or {@code GPU:N}.
     *
     * @param gpuType the GPU type a bare version number refers to; null where the command has several
     */
    public Map<String, GpuCalibrations.Calibrated> table(String choice, String gpuType) {
        String c = choice == null ? LATEST : choice.trim();
        if (c.equalsIgnoreCase(BUILTIN)) {
            return Map.of();
        }
        Map<String, GpuCalibrations.Calibrated> out = new TreeMap<>();
        Map<String, StoredCalibration> latest;
        try {
            latest = store.latestPerGpuType();
        } catch (IllegalArgumentException e) {
            // a damaged row names itself ("calibration 3: params JSON field ..."); say how to plan anyway
            throw new IllegalArgumentException(e.getMessage() + " (plan without stored calibrations: --calibration builtin)", e);
        }
        latest.forEach((type, stored) -> out.put(type, calibrated(stored)));
        if (c.equalsIgnoreCase(LATEST)) {
            return out;
        }
        String type;
        String versionText;
        int colon = c.lastIndexOf(':');
        if (colon >= 0) {
            type = c.substring(0, colon).trim();
            versionText = c.substring(colon + 1).trim();
        } else {
            if (gpuType == null) {
                throw new IllegalArgumentException("--calibration " + c + ": this command plans several GPU types; write GPU:VERSION, e.g. H100-SXM:" + c);
            }
            type = gpuType;
            versionText = c;
        }
        int version;
        try {
            version = Integer.parseInt(versionText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--calibration '" + c + "': expected builtin, latest, a version number or GPU:VERSION");
        }
        StoredCalibration stored = store.forGpuType(type, version).orElseThrow(() -> new IllegalArgumentException(
                "--calibration " + c + ": no calibration version " + version + " of GPU type " + type + " is stored"
                        + available(type)));
        out.put(type, calibrated(stored));
        return out;
    }

    /** Installs the table for {@code choice} into the planner; closing the scope restores the previous one. */
    public GpuCalibrations.Scope install(String choice, String gpuType) {
        return GpuCalibrations.install(table(choice, gpuType));
    }

    /**
     * For the GUI: installs the newest calibration of every GPU type; if the store cannot be read (a damaged row), the
     * planner keeps the built-in curves and the reason is logged, so the window still opens. Returns the reason, or
     * empty.
     */
    public java.util.Optional<String> installLatestOrBuiltIn() {
        try {
            install(LATEST, null);
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            GpuCalibrations.install(Map.of());
            String why = "Stored calibrations not used (the planner predicts with the built-in curves): " + e.getMessage();
            org.slf4j.LoggerFactory.getLogger(CalibrationResolver.class).warn(why, e);
            return java.util.Optional.of(why);
        }
    }

    /** The planner profile of a stored calibration: its fitted curves on the built-in profile's host and link figures. */
    public static CalibrationProfile forPlanner(StoredCalibration stored) {
        CalibrationProfile fitted = stored.profile();
        CalibrationProfile b = CalibrationProfiles.h100Measured();
        return new CalibrationProfile(label(stored), fitted.gemmComputeEff(), fitted.gemmMemoryEff(), b.fp8ComputeScale(),
                fitted.prefillAttnComputeEff(), fitted.decodeAttnMemoryEff(), fitted.elementwiseMemoryEff(),
                fitted.overlapExponent(), b.graphKernelFloorUs(), b.eagerKernelFloorUs(), b.hostIterationUs(),
                b.hostPerSequenceUs(), b.frontendRequestUs(), b.collectiveBusEff(),
                "kernel efficiency curves from calibration " + stored.id() + " (" + fitted.source()
                        + "); host overheads, kernel floors, fp8 scale and collective efficiency from the built-in profile");
    }

    /** "H100-SXM calibration v3 (2026-11-23, NVIDIA H100 80GB HBM3)". */
    public static String label(StoredCalibration stored) {
        String type = stored.deviceKey().startsWith("cuda:") ? stored.deviceKey().substring(5) : stored.deviceKey();
        return String.format(Locale.ROOT, "%s calibration v%d (%s, %s)", type, stored.version(), DAY.format(stored.createdAt()),
                stored.deviceName());
    }

    /** One line for a result: which calibration each GPU type in {@code gpuTypes} was predicted with. */
    public static String describe(Iterable<String> gpuTypes) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String t : gpuTypes) {
            labels.putIfAbsent(t, GpuCalibrations.describe(t));
        }
        if (labels.size() == 1) {
            return labels.values().iterator().next();
        }
        StringBuilder sb = new StringBuilder();
        labels.forEach((t, l) -> sb.append(sb.length() == 0 ? "" : "; ").append(t).append(": ").append(l));
        return sb.length() == 0 ? GpuCalibrations.BUILT_IN_LABEL : sb.toString();
    }

    /** The whole installed table in one line: the calibrated GPU types, and that the others use the built-in curves. */
    public static String describeInstalled() {
        Map<String, GpuCalibrations.Calibrated> table = GpuCalibrations.installed();
        if (table.isEmpty()) {
            return GpuCalibrations.BUILT_IN_LABEL + " for every GPU type";
        }
        StringBuilder sb = new StringBuilder();
        table.values().forEach(c -> sb.append(sb.length() == 0 ? "" : "; ").append(c.label()));
        return sb.append("; other GPU types ").append(GpuCalibrations.BUILT_IN_LABEL).toString();
    }

    private static GpuCalibrations.Calibrated calibrated(StoredCalibration stored) {
        return new GpuCalibrations.Calibrated(forPlanner(stored), label(stored));
    }

    private String available(String type) {
        StringBuilder sb = new StringBuilder();
        for (StoredCalibration s : store.all()) {
            if (s.deviceKey().equals("cuda:" + type)) {
                sb.append(sb.length() == 0 ? " (stored: " : ", ").append(s.version());
            }
        }
        return sb.length() == 0 ? " (it has none; run 'fleetwise calibrate --device cuda:N' on such a GPU)" : sb.append(")").toString();
    }
}
