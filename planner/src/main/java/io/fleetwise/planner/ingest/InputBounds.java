package io.fleetwise.planner.ingest;

/**
 * Range checks for numbers read from files and options, before anything is allocated from them: each failure
 * names the place and the allowed range.
 */
public final class InputBounds {

    private InputBounds() {
    }

    /** An exact int in [min, max]; a long that does not fit (4294967297 is not 1) is refused. */
    public static int intIn(String place, long value, int min, int max) {
        if (value < min || value > max) {
            throw new InputException(place + ": " + value + " is out of range; allowed " + min + " to " + max);
        }
        return (int) value;
    }

    public static long longIn(String place, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InputException(place + ": " + value + " is out of range; allowed " + min + " to " + max);
        }
        return value;
    }

    /** A finite double in [min, max]. */
    public static double doubleIn(String place, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new InputException(place + ": " + value + " is out of range; allowed " + min + " to " + max);
        }
        return value;
    }

    /** An exact int from a whole-number double (1.5 tokens or 1e300 tokens are refused). */
    public static int wholeIntIn(String place, double value, int min, int max) {
        if (!Double.isFinite(value) || value != Math.rint(value)) {
            throw new InputException(place + ": " + value + " is not a whole number; allowed " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new InputException(place + ": " + (long) value + " is out of range; allowed " + min + " to " + max);
        }
        return (int) value;
    }
}
