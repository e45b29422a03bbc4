package io.fleetwise.datastore.trace.model;

import java.util.Locale;

/** Tick spacing on a 1-2-5 ladder and labels whose unit (ns, us, ms, s) follows the tick spacing. */
public final class TimeAxis {
    private TimeAxis() {
    }

    public static long tickStepNs(double nsPerPixel, double minPixelsBetweenTicks) {
        double wanted = Math.max(1, nsPerPixel * minPixelsBetweenTicks);
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (step * m >= wanted) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }

    public static String format(long ns, long stepNs) {
        String unit;
        double scale;
        if (stepNs < 1_000) {
            unit = "ns";
            scale = 1;
        } else if (stepNs < 1_000_000) {
            unit = "us";
            scale = 1e3;
        } else if (stepNs < 1_000_000_000) {
            unit = "ms";
            scale = 1e6;
        } else {
            unit = "s";
            scale = 1e9;
        }
        int decimals = 0;
        double stepInUnit = stepNs / scale;
        while (decimals < 6 && Math.abs(stepInUnit * Math.pow(10, decimals) - Math.rint(stepInUnit * Math.pow(10, decimals))) > 1e-9) {
            decimals++;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f %s", ns / scale, unit);
    }

    /** A duration with a unit chosen by its own size, for details panels. */
    public static String formatDuration(long ns) {
        if (ns < 1_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.3f us", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
