package io.fleetwise.planner.progress;

import java.util.Locale;

/**
 * Estimates the time left of long work from the fraction done and the time spent: what a user reads next to a
 * progress bar ("about 40 s left"). Says nothing until enough is done to extrapolate.
 */
public final class TimeLeft {

    /** Below this fraction done (or this much time spent) an estimate is mostly noise. */
    private static final double MIN_FRACTION = 0.02;
    private static final double MIN_SECONDS = 0.5;

    private TimeLeft() {
    }

    /** Seconds left when {@code fraction} (0..1) is done after {@code elapsedSeconds}; NaN when not known yet. */
    public static double seconds(double fraction, double elapsedSeconds) {
        if (!(fraction >= MIN_FRACTION) || !(elapsedSeconds >= MIN_SECONDS) || fraction > 1) {
            return Double.NaN;
        }
        return elapsedSeconds * (1 - fraction) / fraction;
    }

    /** "about 40 s left", "about 3 min left", "" when not known yet. */
    public static String describe(double secondsLeft) {
        if (Double.isNaN(secondsLeft) || secondsLeft < 0) {
            return "";
        }
        if (secondsLeft < 1) {
            return "less than 1 s left";
        }
        if (secondsLeft < 90) {
            return String.format(Locale.ROOT, "about %.0f s left", Math.ceil(secondsLeft));
        }
        if (secondsLeft < 90 * 60) {
            return String.format(Locale.ROOT, "about %.0f min left", Math.ceil(secondsLeft / 60));
        }
        return String.format(Locale.ROOT, "about %.1f h left", secondsLeft / 3600);
    }

    /** {@code message} with the estimate appended ("...; about 40 s left"), or unchanged when not known yet. */
    public static String append(String message, double fraction, double elapsedSeconds) {
        String left = describe(seconds(fraction, elapsedSeconds));
        return left.isEmpty() ? message : message + "; " + left;
    }
}
