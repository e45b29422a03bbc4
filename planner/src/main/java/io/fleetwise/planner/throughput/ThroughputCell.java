package io.fleetwise.planner.throughput;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.sim.SimulatorVersion;
import io.fleetwise.planner.workload.FixedLengths;

import java.util.Locale;
import java.util.Objects;

/**
 * One cell of a throughput table: the highest rate one replica of {@code replica} sustains under {@code slo} when
 * every request has {@code lengths} (a workload bucket's representative request), predicted with
 * {@code calibration} (only the profile of the replica's GPU type and the engine profile matter) and found by a
 * capacity search with {@code search}. A plain value: it can be shipped to another JVM (a Spark executor) and
 * searched there with the same answer.
 */
public record ThroughputCell(ModelSpec model, ReplicaConfig replica, FixedLengths lengths, Slo slo,
                             CalibrationSet calibration, CapacitySearch.Options search) {

    public ThroughputCell {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(lengths, "lengths");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(search, "search");
    }

    /** The key this cell is stored under; equal inputs give equal keys. */
    public CellKey key() {
        CalibrationProfile profile = calibration.profileFor(replica.gpu());
        EngineProfile engine = calibration.engine();
        String searchText = String.format(Locale.ROOT, "%d requests, seed %d, tolerance %s, max %d, v%d",
                search.requests(), search.seed(), search.relTolerance(), search.maxSimulations(),
                CapacitySearch.ALGORITHM_VERSION) + (search.fullRuns() ? ", full runs" : "");
        String fingerprint = new CanonicalText()
                .add("model", model)
                .add("replica", replica)
                .add("lengths", lengths)
                .add("slo", slo)
                .add("calibration", profile)
                .add("engine", engine)
                .add("search", search)
                .add("searchVersion", CapacitySearch.ALGORITHM_VERSION)
                .add("simulatorVersion", SimulatorVersion.CURRENT)
                .sha256();
        return new CellKey(fingerprint, model.name(), replica.label(), lengths.name(), describe(slo), profile.fingerprint(),
                engine.id() + " " + engine.fingerprint(), searchText, SimulatorVersion.CURRENT);
    }

    /** Runs the capacity search, starting from the plan search's closed-form estimate. */
    public CapacitySearch.Result search(ProgressListener listener) {
        double estimate = CapacityEstimate.startRatePerS(model, replica, lengths.inputTokens(), lengths.outputTokens(),
                slo, calibration);
        return CapacitySearch.maxRate(model, replica, lengths, slo, search, calibration, estimate, listener);
    }

    private static String describe(Slo slo) {
        return String.format(Locale.ROOT, "TTFT %s ms, TPOT %s ms, E2E %s ms at %s", number(slo.ttftMs()),
                number(slo.tpotMs()), number(slo.e2eMs()), number(slo.attainment()));
    }

    private static String number(double v) {
        return Double.isInfinite(v) ? "inf" : v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v);
    }
}
