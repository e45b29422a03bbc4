package io.fleetwise.app.cli;

import io.fleetwise.planner.progress.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines on stderr, at most one a second, only for work that runs longer than a second. */
final class StderrProgress implements ProgressListener {
    private final PrintWriter err;
    private final String what;
    private final long startNs = System.nanoTime();
    private long lastNs = startNs;

    StderrProgress(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    @Override
    public void progress(double fraction, String message) {
        long now = System.nanoTime();
        if (now - lastNs >= 1_000_000_000L) {
            lastNs = now;
            err.printf(Locale.ROOT, "%s: %3.0f%% %s%n", what, 100 * fraction, message);
            err.flush();
        }
    }
}
