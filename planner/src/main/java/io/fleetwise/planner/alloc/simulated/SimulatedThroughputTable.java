package io.fleetwise.planner.alloc.simulated;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.throughput.ThroughputCells;
import io.fleetwise.planner.workload.FixedLengths;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds allocator candidates whose per-bucket throughputs come from the simulator's capacity search:
 * for every (replica config, bucket) the highest Poisson rate one replica sustains under the SLO when every
 * request has the bucket's representative lengths (range midpoints). Searches run in parallel.
 *
 * <p>A bucket gets throughput 0 (cannot serve) when the replica does not fit the model, when one request
 * of the bucket's longest lengths does not fit its KV cache, or when the bucket carries no traffic (nothing
 * to measure). {@link Table#notes()} says which and why. Cells come from {@link ThroughputCells}: stored ones are
 * read, the rest searched and stored.
 */
public final class SimulatedThroughputTable {

    /**
     * @param threads searches run at once (each search is single-threaded)
     * @param store   where cells are looked up and kept (the database's store in the app, so every area and command
     *                shares them)
     */
    public record Options(CapacitySearch.Options search, int threads, ThroughputCellStore store) {
        public Options {
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(store, "store");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
        }

        /** Every cell searched on every build (nothing kept). */
        public Options(CapacitySearch.Options search, int threads) {
            this(search, threads, ThroughputCellStore.none());
        }

        public static Options defaults() {
            return new Options(CapacitySearch.Options.defaults(), Runtime.getRuntime().availableProcessors());
        }

        public Options withStore(ThroughputCellStore cells) {
            return new Options(search, threads, cells);
        }
    }

    /**
     * @param candidates one per replica config, named by {@link ReplicaConfig#label()}, source SIMULATED
     * @param replicas   candidate name to the replica config it stands for (for fleet validation)
     * @param notes      why some throughputs are 0
     * @param searched   cells searched for this table (the others came from the store)
     * @param stored     cells read from the store
     */
    public record Table(List<AllocationCandidate> candidates, Map<String, ReplicaConfig> replicas, List<String> notes,
                        int searched, int stored) {
        public Table {
            candidates = List.copyOf(candidates);
            replicas = Collections.unmodifiableMap(new LinkedHashMap<>(replicas));
            notes = List.copyOf(notes);
        }

        public Table(List<AllocationCandidate> candidates, Map<String, ReplicaConfig> replicas, List<String> notes) {
            this(candidates, replicas, notes, 0, 0);
        }
    }

    private SimulatedThroughputTable() {
    }

    /** @throws CancellationException when the listener asks to cancel */
    public static Table build(ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets, Slo slo,
                              PriceSelection prices, CalibrationSet calibration, Options options,
                              ProgressListener listener) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(slo, "slo");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Layout layout = Layout.of(model, replicas, buckets, slo, calibration, options.search());
        List<String> notes = layout.notes;
        double[][] tputs = new double[replicas.size()][buckets.size()];
        List<int[]> tasks = layout.positions;
        List<ThroughputCell> cells = layout.cells;
        ThroughputCells.Resolved resolved = new ThroughputCells(options.store(), options.threads(), Clock.systemUTC())
                .resolve(cells, progress);
        for (int i = 0; i < tasks.size(); i++) {
            tputs[tasks.get(i)[0]][tasks.get(i)[1]] = resolved.results().get(i).maxRatePerS();
        }
        List<AllocationCandidate> candidates = new ArrayList<>();
        Map<String, ReplicaConfig> byName = new LinkedHashMap<>();
        for (int r = 0; r < replicas.size(); r++) {
            ReplicaConfig rc = replicas.get(r);
            List<Double> row = new ArrayList<>();
            for (double t : tputs[r]) {
                row.add(t);
            }
            double cost = rc.gpuCount() * prices.pricePerGpuHourUsd(rc.gpu());
            candidates.add(new AllocationCandidate(rc.label(), rc.gpu().name(), rc.gpuCount(), cost, row,
                    ThroughputSource.SIMULATED));
            if (byName.put(rc.label(), rc) != null) {
                throw new IllegalArgumentException("Two replica configs are both labelled '" + rc.label() + "'");
            }
        }
        return new Table(candidates, byName, notes, resolved.searched(), resolved.fromStore());
    }

    /**
     * The cells {@link #build} resolves for these inputs, with the same keys, without searching any: a sweep searches
     * them elsewhere (on Spark) and stores them, and the table built afterwards reads every one from the store.
     */
    public static List<ThroughputCell> cells(ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets,
                                             Slo slo, CalibrationSet calibration, CapacitySearch.Options search) {
        return Layout.of(model, replicas, buckets, slo, calibration, search).cells;
    }

    /** Which (replica, bucket) positions are cells, and why the others serve nothing. */
    private record Layout(List<int[]> positions, List<ThroughputCell> cells, List<String> notes) {

        static Layout of(ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets, Slo slo,
                         CalibrationSet calibration, CapacitySearch.Options search) {
            List<String> notes = new ArrayList<>();
            List<int[]> tasks = new ArrayList<>();
            for (int r = 0; r < replicas.size(); r++) {
                ReplicaConfig rc = replicas.get(r);
                MemoryPlan memory = MemoryModel.plan(model, rc);
                if (!memory.fits()) {
                    notes.add(rc.label() + ": cannot serve any bucket. " + memory.message());
                    continue;
                }
                for (int b = 0; b < buckets.size(); b++) {
                    WorkloadBucket bucket = buckets.get(b);
                    if (!bucket.hasTokenRanges()) {
                        throw new IllegalArgumentException("Bucket '" + bucket.name() + "' has no token ranges, so there "
                                + "is nothing to simulate; give input and output token ranges");
                    }
                    if (bucket.rateShare() <= 0) {
                        continue;
                    }
                    long longest = (long) bucket.inputMaxTokens() + bucket.outputMaxTokens();
                    if (!memory.holds(longest)) {
                        notes.add(String.format(Locale.ROOT, "%s: cannot serve '%s': a %d-token request exceeds its KV "
                                + "cache of %d tokens", rc.label(), bucket.name(), longest, memory.kvCapacityTokens()));
                        continue;
                    }
                    tasks.add(new int[] {r, b});
                }
            }
            List<ThroughputCell> cells = new ArrayList<>();
            for (int[] task : tasks) {
                cells.add(new ThroughputCell(model, replicas.get(task[0]), fixedLengths(buckets.get(task[1])), slo,
                        calibration, search));
            }
            return new Layout(tasks, cells, notes);
        }
    }

    /** Every request of the bucket at its representative (midpoint) lengths. */
    static FixedLengths fixedLengths(WorkloadBucket bucket) {
        return new FixedLengths(bucket.representativeInputTokens(), bucket.representativeOutputTokens());
    }
}
