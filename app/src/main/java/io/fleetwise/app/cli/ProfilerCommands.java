package io.fleetwise.app.cli;

import io.fleetwise.app.AppServices;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.profiler.Profiler;

import java.io.PrintWriter;
import java.util.Locale;

/** Shared wiring of the devices, execute and calibrate commands. */
final class ProfilerCommands {
    private ProfilerCommands() {
    }

    static Profiler profiler(AppServices services) {
        return new Profiler(services.database(), services.catalogStore().current(), services.clock());
    }

    /** Progress on stderr, one line per 10%, so stdout stays clean for --json. */
    static ProgressListener progressTo(PrintWriter err) {
        return new ProgressListener() {
            private int lastDecile = -1;

            @Override
            public void progress(double fraction, String message) {
                int decile = (int) Math.floor(fraction * 10);
                if (decile != lastDecile) {
                    lastDecile = decile;
                    err.printf(Locale.ROOT, "[%3.0f%%] %s%n", fraction * 100, message);
                    err.flush();
                }
            }
        };
    }
}
