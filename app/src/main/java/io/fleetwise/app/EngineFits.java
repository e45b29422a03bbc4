package io.fleetwise.app;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.engine.EngineFitRepository;
import io.fleetwise.datastore.engine.StoredEngineFit;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.profiler.runs.FitParameters;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Engine profiles fitted from serving runs ({@code calibrate --from-runs}) applied to the calibration set a plan uses:
 * {@code latest} (the newest fit of the set's engine, if any), {@code none} (the engine's published host costs) or a
 * stored fit by reference ({@code vllm-0.6:v2}). The set's label and its engine profile then name the fit, so every
 * result says which one it was predicted with.
 */
public final class EngineFits {
    public static final String LATEST = "latest";
    public static final String NONE = "none";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final EngineFitRepository repository;

    public EngineFits(Database database, Clock clock) {
        this.repository = new EngineFitRepository(database, clock);
    }

    public EngineFitRepository repository() {
        return repository;
    }

    public CalibrationSet apply(CalibrationSet set, String choice) {
        String c = choice == null ? LATEST : choice.trim();
        if (c.equalsIgnoreCase(NONE)) {
            return set;
        }
        StoredEngineFit fit;
        if (c.equalsIgnoreCase(LATEST)) {
            Optional<StoredEngineFit> latest = repository.latest(set.engine().id());
            if (latest.isEmpty()) {
                return set;
            }
            fit = latest.get();
        } else {
            fit = repository.resolve(c);
            if (!fit.engine().equals(set.engine().id())) {
                throw new IllegalArgumentException("--engine-fit " + c + " was fitted for engine " + fit.engine()
                        + ", but this plan uses " + set.engine().describe() + ".");
            }
        }
        String label = "fitted " + fit.reference() + " (" + fit.runs() + " run" + (fit.runs() == 1 ? "" : "s") + ", "
                + DAY.format(fit.createdAt()) + ")";
        return FitParameters.applyStored(set, fit.gpuType(), fit.parameters(), label)
                .withLabel(set.label() + ", engine " + label);
    }
}
