package io.fleetwise.app.cli;

import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.progress.TimeLeft;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines on stderr, at most one a second, only for work that runs longer than a second. */
final class StderrProgress implements ProgressListener {
    private final PrintWriter err;
    private final String what;
    private final long startNs = System.nanoTime();
    private long lastNs = startNs;
    private final long deadlineNs;

    StderrProgress(PrintWriter err, String what) {
        this(err, what, Long.MAX_VALUE);
    }

    private StderrProgress(PrintWriter err, String what, long deadlineNs) {
        this.err = err;
        this.what = what;
        this.deadlineNs = deadlineNs;
    }

    /**
     * Reports cancelled once the command has run for budgetS seconds since commandStartNs: every stage of the work
     * that checks {@link #isCancelled()} stops, so a time budget bounds the whole command, not only one stage.
     */
    static StderrProgress withDeadline(PrintWriter err, String what, long commandStartNs, double budgetS) {
        io.fleetwise.planner.ingest.InputBounds.doubleIn("time budget (s)", budgetS, 0.001, 7 * 24 * 3600);
        return new StderrProgress(err, what, commandStartNs + (long) (budgetS * 1e9));
    }

    @Override
    public boolean isCancelled() {
        return System.nanoTime() - deadlineNs > 0;
    }

    @Override
    public void progress(double fraction, String message) {
        long now = System.nanoTime();
        if (now - lastNs >= 1_000_000_000L) {
            lastNs = now;
            err.printf(Locale.ROOT, "%s: %3.0f%% %s%n", what, 100 * fraction,
                    TimeLeft.append(message, fraction, (now - startNs) / 1e9));
            err.flush();
        }
    }
}
