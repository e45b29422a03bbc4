package io.fleetwise.app;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.profiler.store.CalibrationStore;
import io.fleetwise.datastore.calibration.StoredCalibration;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place where stored calibrations become the planner's: for each GPU type with a calibration in the
 * store (measured on a GPU that matched that catalog type), the planner predicts that type with the fitted
 * efficiency curves. A choice ({@code latest}, {@code builtin}, a version) resolves to an immutable
 * {@link CalibrationSet} that every planner request carries; nothing is installed anywhere. The set's engine profile
 * takes the newest host costs fitted from serving runs ({@link EngineFits}) unless told otherwise.
 *
 * <p>What a calibration replaces: the kernel efficiency curves and the compute/memory overlap exponent, which the
 * executor measures. What it keeps from the built-in profile: the kernel floors, fp8 scales and collective bus
 * efficiency, which a kernel sweep cannot measure (the executor has no NCCL, and its launches are not an engine's).
 * The serving engine's host costs are the set's {@link EngineProfile}, not part of any calibration.
 */
public final class CalibrationResolver {
    /** {@code --calibration} values besides a version number. */
    public static final String BUILTIN = "builtin";
    public static final String LATEST = "latest";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private final CalibrationStore store;
    private final EngineFits engineFits;
    private final AtomicReference<CalibrationSet> current = new AtomicReference<>();
    /** The engine the GUI's areas predict with (the Engine menu; {@code --engine} on the command line). */
    private final AtomicReference<EngineProfile> engine = new AtomicReference<>(EngineProfiles.defaultProfile());

    private final Supplier<List<UserGpuType>> userGpuTypes;

    public CalibrationResolver(Database database, Clock clock) {
        this(database, clock, List::of);
    }

    /** @param userGpuTypes the GPU types the user entered, which borrow another type's curves or a stored calibration */
    public CalibrationResolver(Database database, Clock clock, Supplier<List<UserGpuType>> userGpuTypes) {
        this.store = new CalibrationStore(database, clock);
        this.engineFits = new EngineFits(database, clock);
        this.userGpuTypes = userGpuTypes;
    }

    /** Engine profiles fitted from serving runs, which every resolved set applies ({@link EngineFits}). */
    public EngineFits engineFits() {
        return engineFits;
    }

    /**
     * As {@link #resolve(String, String)}, then the engine profile fitted from serving runs that {@code engineFit}
     * names ({@link EngineFits}: latest, none, or ENGINE:vN).
     */
    public CalibrationSet resolve(String choice, String gpuType, String engineFit) {
        return resolve(choice, gpuType, engineFit, EngineProfiles.defaultProfile());
    }

    /**
     * As {@link #resolve(String, String, String)} for {@code engine} ({@code --engine}): its published profile, then the
     * fit from serving runs of that engine that {@code engineFit} names.
     */
    public CalibrationSet resolve(String choice, String gpuType, String engineFit, EngineProfile engine) {
        CalibrationSet curves = resolveCurves(choice, gpuType).withEngine(engine);
        return engineFits.apply(withUserGpuTypes(curves, choice != null && choice.trim().equalsIgnoreCase(BUILTIN)),
                engineFit);
    }

    /**
     * Gives each user GPU type the curves it borrows: the named catalog type's (its calibration in this set, when it
     * has one; else the built-in curves every uncalibrated type uses) or one stored calibration (unless the choice is
     * builtin, which uses no stored calibration at all).
     */
    CalibrationSet withUserGpuTypes(CalibrationSet set, boolean builtinOnly) {
        CalibrationSet out = set;
        for (UserGpuType t : userGpuTypes.get()) {
            if (t.borrowedCatalogType().isPresent()) {
                String from = t.borrowedCatalogType().get();
                CalibrationSet.Calibrated c = set.calibrated().entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase(from)).map(Map.Entry::getValue).findFirst().orElse(null);
                if (c != null) {
                    out = out.withCalibration(t.name(), c.profile(), "curves of " + from + ": " + c.label());
                }
            } else if (!builtinOnly) {
                long id = t.borrowedCalibrationId().getAsLong();
                StoredCalibration stored = store.find(id).orElseThrow(() -> new IllegalArgumentException("GPU type "
                        + t.name() + " borrows calibration " + id + ", which is not stored (any more). Edit the type "
                        + "in the Catalog area to borrow another one, or plan with --calibration builtin"));
                out = out.withCalibration(t.name(), forPlanner(stored), "borrowed " + label(stored));
            }
        }
        return out;
    }

    public CalibrationStore store() {
        return store;
    }

    /**
     * The set for a {@code --calibration} choice: {@code builtin} (no calibration), {@code latest} (the newest of
     * every GPU type), {@code N} (version N of {@code gpuType}, the newest of the others) or {@code GPU:N}; the
     * engine is the default one ({@link EngineProfiles#defaultProfile()}) with its newest fit from serving runs.
     *
     * @param gpuType the GPU type a bare version number refers to; null where the command has several
     */
    public CalibrationSet resolve(String choice, String gpuType) {
        boolean builtin = choice != null && choice.trim().equalsIgnoreCase(BUILTIN);
        return resolve(choice, gpuType, builtin ? EngineFits.NONE : EngineFits.LATEST);
    }

    /** The stored kernel calibrations of a choice, with the engine's published host costs. */
    public CalibrationSet resolveCurves(String choice, String gpuType) {
        String c = choice == null ? LATEST : choice.trim();
        if (c.equalsIgnoreCase(BUILTIN)) {
            return CalibrationSet.builtIn();
        }
        Map<String, CalibrationSet.Calibrated> out = new TreeMap<>();
        Map<String, StoredCalibration> latest;
        try {
            latest = store.latestPerGpuType();
        } catch (IllegalArgumentException e) {
            // a damaged row names itself ("calibration 3: params JSON field ..."); say how to plan anyway
            throw new IllegalArgumentException(e.getMessage() + " (plan without stored calibrations: --calibration builtin)", e);
        }
        latest.forEach((type, stored) -> out.put(type, calibrated(stored)));
        if (c.equalsIgnoreCase(LATEST)) {
            return CalibrationSet.of("latest stored calibrations", out, EngineProfiles.defaultProfile());
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
        return CalibrationSet.of("calibration " + c, out, EngineProfiles.defaultProfile());
    }

    /**
     * For the GUI: the set every area predicts with now, the newest calibration of every GPU type, read once and kept
     * until {@link #refresh} (after a calibration is stored). If the store cannot be read (a damaged row), the areas
     * predict with the built-in curves and the reason is logged, so the window still opens.
     */
    public CalibrationSet current() {
        CalibrationSet set = current.get();
        if (set == null) {
            refresh();
            set = current.get();
        }
        return set;
    }

    /**
     * Every area predicts with {@code profile} (and its newest fit from serving runs) from now on; results computed
     * with another engine turn stale.
     */
    public void selectEngine(EngineProfile profile) {
        engine.set(java.util.Objects.requireNonNull(profile, "profile"));
        refresh();
    }

    public EngineProfile selectedEngine() {
        return engine.get();
    }

    /** Reads the store again (a calibration was stored); returns why stored calibrations are not used, or empty. */
    public Optional<String> refresh() {
        try {
            current.set(resolve(LATEST, null, EngineFits.LATEST, engine.get()));
            return Optional.empty();
        } catch (RuntimeException e) {
            current.set(CalibrationSet.builtIn().withEngine(engine.get()));
            String why = "Stored calibrations not used (the planner predicts with the built-in curves): " + e.getMessage();
            LoggerFactory.getLogger(CalibrationResolver.class).warn(why, e);
            return Optional.of(why);
        }
    }

    /** The planner profile of a stored calibration: its fitted curves on the built-in profile's floors and link figures. */
    public static CalibrationProfile forPlanner(StoredCalibration stored) {
        CalibrationProfile fitted = stored.profile();
        CalibrationProfile b = CalibrationProfiles.h100Measured();
        return new CalibrationProfile(label(stored), fitted.gemmComputeEff(), fitted.gemmMemoryEff(), b.fp8ComputeScale(), b.fp8MemoryScale(),
                fitted.prefillAttnComputeEff(), fitted.decodeAttnMemoryEff(), fitted.elementwiseMemoryEff(),
                fitted.overlapExponent(), b.graphKernelFloorUs(), b.eagerKernelFloorUs(), b.collectiveBusEff(),
                "kernel efficiency curves from calibration " + stored.id() + " (" + fitted.source()
                        + "); kernel floors, fp8 scale and collective efficiency from the built-in profile");
    }

    /** "H100-SXM calibration v3 (2026-11-23, NVIDIA H100 80GB HBM3)". */
    public static String label(StoredCalibration stored) {
        String type = stored.deviceKey().startsWith("cuda:") ? stored.deviceKey().substring(5) : stored.deviceKey();
        return String.format(Locale.ROOT, "%s calibration v%d (%s, %s)", type, stored.version(), DAY.format(stored.createdAt()),
                stored.deviceName());
    }

    private static CalibrationSet.Calibrated calibrated(StoredCalibration stored) {
        return new CalibrationSet.Calibrated(forPlanner(stored), label(stored));
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
