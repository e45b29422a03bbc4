package io.fleetwise.views.fleet;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.throughput.ThroughputCellStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-bucket throughputs of one replica config from the planner's capacity-search table builder
 * ({@link SimulatedThroughputTable}), cached per (model, replica, buckets, SLO, request count), so moving the
 * rate slider or editing a price re-solves without re-simulating. Costs are not cached: the caller prices
 * the candidate for the current price kind and overrides.
 */
final class SimulatedThroughputTables {

    /** {@code calibration}: the fingerprint of what predicts the replica's GPU type, so a new calibration is simulated afresh. */
    private record Key(String model, String replica, List<WorkloadBucket> buckets, Slo slo, int requests, String calibration) {
    }

    /**
     * One replica config's row: its candidate (costed at build time), why some buckets are 0, and how many of its
     * cells were searched to build it (0 when it came from this session's cache or the store).
     */
    record Row(AllocationCandidate candidate, ReplicaConfig replica, List<String> notes, int searched) {
    }

    private final Map<Key, Row> cache = new ConcurrentHashMap<>();
    private final int requestsPerSimulation;
    private final SimulatedThroughputTable.Options options;

    /** @param cells where throughput cells are kept (the database's store in the app) */
    SimulatedThroughputTables(int requestsPerSimulation, ThroughputCellStore cells) {
        this.requestsPerSimulation = requestsPerSimulation;
        this.options = new SimulatedThroughputTable.Options(
                new CapacitySearch.Options(requestsPerSimulation, 42L, 0.05, 24),
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), cells);
    }

    int requestsPerSimulation() {
        return requestsPerSimulation;
    }

    boolean isCached(ModelSpec model, ReplicaConfig replica, List<WorkloadBucket> buckets, Slo slo,
                     CalibrationSet calibration) {
        return cache.containsKey(key(model, replica, buckets, slo, calibration));
    }

    private Key key(ModelSpec model, ReplicaConfig replica, List<WorkloadBucket> buckets, Slo slo,
                    CalibrationSet calibration) {
        return new Key(model.name(), replica.label(), List.copyOf(buckets), slo, requestsPerSimulation,
                calibration.fingerprintFor(replica.gpu().name()));
    }

    /** The replica's row, from the cache or from capacity searches (cancellable through {@code progress}). */
    Row row(ModelSpec model, ReplicaConfig replica, List<WorkloadBucket> buckets, Slo slo, PriceSelection prices,
            CalibrationSet calibration, ProgressListener progress) {
        Key key = key(model, replica, buckets, slo, calibration);
        Row row = cache.get(key);
        if (row == null) {
            SimulatedThroughputTable.Table table = SimulatedThroughputTable.build(model, List.of(replica), buckets, slo,
                    prices, calibration, options, progress);
            row = new Row(table.candidates().get(0), replica, table.notes(), table.searched());
            cache.put(key, new Row(row.candidate(), replica, row.notes(), 0));
        }
        return row;
    }
}
