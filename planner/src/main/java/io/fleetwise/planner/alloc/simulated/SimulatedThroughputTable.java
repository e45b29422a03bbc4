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
import io.fleetwise.planner.workload.LengthDistribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds allocator candidates whose per-bucket throughputs come from the simulator's capacity search:
 * for every (replica config, bucket) the highest Poisson rate one replica sustains under the SLO when every
 * request has the bucket's representative lengths (range midpoints). Searches run in parallel.
 *
 * <p>A bucket gets throughput 0 (cannot serve) when the replica does not fit the model, when one request
 * of the bucket's longest lengths does not fit its KV cache, or when the bucket carries no traffic (nothing
 * to measure). {@link Table#notes()} says which and why.
 */
public final class SimulatedThroughputTable {

    /** @param threads searches run at once (each search is single-threaded) */
    public record Options(CapacitySearch.Options search, int threads) {
        public Options {
            Objects.requireNonNull(search, "search");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
        }

        public static Options defaults() {
            return new Options(CapacitySearch.Options.defaults(), Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * @param candidates one per replica config, named by {@link ReplicaConfig#label()}, source SIMULATED
     * @param replicas   candidate name to the replica config it stands for (for fleet validation)
     * @param notes      why some throughputs are 0
     */
    public record Table(List<AllocationCandidate> candidates, Map<String, ReplicaConfig> replicas, List<String> notes) {
        public Table {
            candidates = List.copyOf(candidates);
            replicas = Collections.unmodifiableMap(new LinkedHashMap<>(replicas));
            notes = List.copyOf(notes);
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
        List<String> notes = new ArrayList<>();
        double[][] tputs = new double[replicas.size()][buckets.size()];
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
        runSearches(model, replicas, buckets, slo, calibration, options, progress, tasks, tputs);
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
        return new Table(candidates, byName, notes);
    }

    private static void runSearches(ModelSpec model, List<ReplicaConfig> replicas, List<WorkloadBucket> buckets,
                                    Slo slo, CalibrationSet calibration, Options options, ProgressListener progress,
                                    List<int[]> tasks,
                                    double[][] tputs) {
        if (tasks.isEmpty()) {
            progress.progress(1.0, "Nothing to simulate");
            return;
        }
        ProgressListener cancelOnly = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), tasks.size()), runnable -> {
            Thread t = new Thread(runnable, "capacity-search");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        Object progressLock = new Object();
        progress.progress(0.0, "Capacity search: " + tasks.size() + " (replica, bucket) pairs");
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int[] task : tasks) {
                futures.add(pool.submit(() -> {
                    ReplicaConfig rc = replicas.get(task[0]);
                    WorkloadBucket bucket = buckets.get(task[1]);
                    CapacitySearch.Result result = CapacitySearch.maxRate(model, rc, fixedLengths(bucket), slo,
                            options.search(), calibration, cancelOnly);
                    tputs[task[0]][task[1]] = result.maxRatePerS();
                    int d = done.incrementAndGet();
                    synchronized (progressLock) {
                        progress.progress((double) d / tasks.size(), String.format(Locale.ROOT,
                                "%s on '%s': %.3g req/s (%d of %d)", rc.label(), bucket.name(), result.maxRatePerS(),
                                d, tasks.size()));
                    }
                    return null;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof CancellationException) {
                        throw (CancellationException) e.getCause();
                    }
                    int[] task = tasks.get(i);
                    throw new IllegalStateException("Capacity search of " + replicas.get(task[0]).label() + " on '"
                            + buckets.get(task[1]).name() + "' failed: " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("Interrupted while building the throughput table");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (progress.isCancelled()) {
            throw new CancellationException("Throughput table cancelled");
        }
    }

    /** Every request of the bucket at its representative (midpoint) lengths. */
    static LengthDistribution fixedLengths(WorkloadBucket bucket) {
        int in = bucket.representativeInputTokens();
        int out = bucket.representativeOutputTokens();
        return new LengthDistribution() {
            @Override
            public void sample(SplittableRandom random, int[] lengths) {
                lengths[0] = in;
                lengths[1] = out;
            }

            @Override
            public String name() {
                return "fixed " + in + " in / " + out + " out";
            }
        };
    }
}
