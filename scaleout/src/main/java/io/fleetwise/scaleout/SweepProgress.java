package io.fleetwise.scaleout;

import io.fleetwise.planner.progress.TimeLeft;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of a sweep on stderr, at most one line a second: cells done of those to search, with the time left.
 * Spark tells it when each task ends (a task is a partition of cells), the sweep when each chunk is stored.
 */
public final class SweepProgress extends SparkListener {
    private final transient PrintStream err;
    private final AtomicInteger chunkTasksDone = new AtomicInteger();
    private volatile int chunkCells;
    private volatile int chunkTasks = 1;
    private volatile int toSearch;
    private volatile int cellsDone;
    private volatile long startNs = System.nanoTime();
    private volatile long lastNs;

    public SweepProgress(PrintStream err) {
        this.err = err;
    }

    void begin(int cellsToSearch, int stored) {
        toSearch = cellsToSearch;
        startNs = System.nanoTime();
        lastNs = startNs;
        err.printf(Locale.ROOT, "sweep: %d cells to search, %d already stored%n", cellsToSearch, stored);
        err.flush();
    }

    void chunkStarted(int cells, int tasks) {
        chunkCells = cells;
        chunkTasks = Math.max(1, tasks);
        chunkTasksDone.set(0);
    }

    void cellsDone(int n) {
        cellsDone += n;
        chunkCells = 0;
        report(true);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        chunkTasksDone.incrementAndGet();
        report(false);
    }

    private synchronized void report(boolean force) {
        long now = System.nanoTime();
        if (toSearch == 0 || (!force && now - lastNs < 1_000_000_000L)) {
            return;
        }
        lastNs = now;
        double running = chunkCells * Math.min(1.0, (double) chunkTasksDone.get() / chunkTasks);
        double fraction = Math.min(1.0, (cellsDone + running) / toSearch);
        String message = String.format(Locale.ROOT, "about %.0f of %d cells searched, %d stored", cellsDone + running,
                toSearch, cellsDone);
        err.printf(Locale.ROOT, "sweep: %3.0f%% %s%n", 100 * fraction,
                TimeLeft.append(message, fraction, (now - startNs) / 1e9));
        err.flush();
    }
}
