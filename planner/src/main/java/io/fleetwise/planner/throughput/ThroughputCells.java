package io.fleetwise.planner.throughput;

import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The throughput table's cells, each searched once: answers come from the {@link ThroughputCellStore} when stored,
 * otherwise from a capacity search (several at once), and each is stored the moment its search finishes, so a
 * cancelled build keeps what it finished. Every caller that needs cells (Fleet, What-if, reports, the command line,
 * a Spark sweep's results) goes through one of these over the same store, so they share every cell.
 */
public final class ThroughputCells {
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputCells.class);

    /**
     * The answers in the order asked for, and how they were obtained.
     *
     * @param searched  cells searched now (distinct keys)
     * @param fromStore cells read from the store
     */
    public record Resolved(List<CellResult> results, int searched, int fromStore) {
        public Resolved {
            results = List.copyOf(results);
        }
    }

    private final ThroughputCellStore store;
    private final int threads;
    private final Clock clock;

    /** @param threads capacity searches run at once (each is single-threaded) */
    public ThroughputCells(ThroughputCellStore store, int threads, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
    }

    /** Cells kept in memory only, searched on every core. */
    public static ThroughputCells inMemory() {
        return new ThroughputCells(ThroughputCellStore.inMemory(), Runtime.getRuntime().availableProcessors(),
                Clock.systemUTC());
    }

    public ThroughputCellStore store() {
        return store;
    }

    public int threads() {
        return threads;
    }

    /** The same cells over the same store, with another number of searches at once. */
    public ThroughputCells withThreads(int count) {
        return new ThroughputCells(store, count, clock);
    }

    /**
     * Every cell's answer, stored ones read and the others searched.
     *
     * @throws CancellationException when the listener cancels (the cells finished before are stored)
     */
    public Resolved resolve(List<ThroughputCell> cells, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Map<String, CellKey> keys = new LinkedHashMap<>();
        Map<String, ThroughputCell> byFingerprint = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (ThroughputCell cell : cells) {
            CellKey key = cell.key();
            keys.putIfAbsent(key.fingerprint(), key);
            byFingerprint.putIfAbsent(key.fingerprint(), cell);
            order.add(key.fingerprint());
        }
        Map<String, CellResult> found = new LinkedHashMap<>(stored(keys));
        List<String> missing = keys.keySet().stream().filter(f -> !found.containsKey(f)).toList();
        int fromStore = keys.size() - missing.size();
        if (!missing.isEmpty()) {
            found.putAll(search(missing, keys, byFingerprint, fromStore, progress));
        }
        progress.progress(1.0, String.format(Locale.ROOT, "Throughput table ready: %d cells searched, %d stored",
                missing.size(), fromStore));
        List<CellResult> results = new ArrayList<>();
        for (String f : order) {
            results.add(found.get(f));
        }
        return new Resolved(results, missing.size(), fromStore);
    }

    private Map<String, CellResult> stored(Map<String, CellKey> keys) {
        try {
            return store.find(keys.values());
        } catch (RuntimeException e) {
            // an unreadable store costs time, not answers: the cells are searched again
            LOG.warn("Cannot read stored throughput cells, searching them again: {}", e.getMessage());
            return Map.of();
        }
    }

    private Map<String, CellResult> search(List<String> missing, Map<String, CellKey> keys,
                                           Map<String, ThroughputCell> cells, int fromStore, ProgressListener progress) {
        ProgressListener cancelOnly = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        };
        Map<String, CellResult> results = new java.util.concurrent.ConcurrentHashMap<>();
        progress.progress(0.0, String.format(Locale.ROOT, "Capacity search: %d cells to search%s", missing.size(),
                fromStore == 0 ? "" : ", " + fromStore + " stored"));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, missing.size()), runnable -> {
            Thread t = new Thread(runnable, "capacity-search");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        Object progressLock = new Object();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String fingerprint : missing) {
                futures.add(pool.submit(() -> {
                    ThroughputCell cell = cells.get(fingerprint);
                    CapacitySearch.Result r = cell.search(cancelOnly);
                    CellResult result = new CellResult(r.maxRatePerS(), r.simulations(), r.wallSeconds(), clock.instant());
                    results.put(fingerprint, result);
                    keep(keys.get(fingerprint), result);
                    int d = done.incrementAndGet();
                    synchronized (progressLock) {
                        double fraction = (double) d / missing.size();
                        progress.progress(fraction, String.format(Locale.ROOT,
                                "Capacity search %d of %d: %s, %s: %.3g req/s", d, missing.size(),
                                cell.replica().label(), cell.lengths().name(), r.maxRatePerS()));
                    }
                    return null;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                await(futures.get(i), cells.get(missing.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
        if (progress.isCancelled()) {
            throw new CancellationException("Throughput table cancelled after " + done.get() + " of " + missing.size()
                    + " cells (those are stored)");
        }
        return results;
    }

    private void keep(CellKey key, CellResult result) {
        try {
            store.save(key, result);
        } catch (RuntimeException e) {
            LOG.warn("Cannot store the throughput cell {} on {} ({}); it is used but will be searched again: {}",
                    key.replica(), key.lengths(), key.fingerprint(), e.getMessage());
        }
    }

    private static void await(Future<?> future, ThroughputCell cell) {
        try {
            future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException c) {
                throw c;
            }
            throw new IllegalStateException("Capacity search of " + cell.replica().label() + " on "
                    + cell.lengths().name() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while building the throughput table");
        }
    }
}
