package io.fleetwise.views.common;

import io.fleetwise.planner.progress.ProgressListener;

import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Forwards a worker's progress to a view model's properties on the UI thread, at most once per
 * {@code minIntervalNs} (plus the final 100 %), so a simulation reporting thousands of times a second
 * posts about one update per pulse. Also forwards to the executor's own listener (status bar, cancel).
 */
public final class ThrottledProgress implements ProgressListener {

    private static final long PULSE_NS = 16_000_000L;

    private final ProgressListener downstream;
    private final Executor uiThread;
    private final BiConsumer<Double, String> sink;
    private final double from;
    private final double span;
    private long lastPostNs;

    /**
     * @param from and {@code to}: the part of the overall progress bar this work fills (0..1)
     */
    public ThrottledProgress(ProgressListener downstream, Executor uiThread, BiConsumer<Double, String> sink,
                             double from, double to) {
        this.downstream = downstream;
        this.uiThread = uiThread;
        this.sink = sink;
        this.from = from;
        this.span = to - from;
    }

    @Override
    public void progress(double fraction, String message) {
        double overall = from + span * Math.max(0, Math.min(1, fraction));
        downstream.progress(overall, message);
        long now = System.nanoTime();
        if (fraction >= 1.0 || now - lastPostNs >= PULSE_NS) {
            lastPostNs = now;
            uiThread.execute(() -> sink.accept(overall, message));
        }
    }

    @Override
    public boolean isCancelled() {
        return downstream.isCancelled();
    }
}
