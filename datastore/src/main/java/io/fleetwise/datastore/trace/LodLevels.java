package io.fleetwise.datastore.trace;

/**
 * Level-of-detail bucket widths: level k covers 256 ns * 4^k. A slice's dur_level is the number of
 * bucket widths not larger than its duration, so a slice with dur_level &lt;= k is narrower than a level-k
 * bucket and can touch at most two buckets of that level.
 */
public final class LodLevels {
    public static final long BASE_NS = 256;
    public static final int MAX_LEVEL = 24;
    /**
     * Store level k only when it has at least this many slices per bucket on average. One, because a packed
     * level costs at most one tile entry per slice, while a window below the lowest stored level reads every
     * slice in it as a JDBC row.
     */
    static final int MIN_SLICES_PER_BUCKET = 1;

    private LodLevels() {
    }

    public static long bucketNs(int level) {
        return BASE_NS << (2 * level);
    }

    public static int durLevel(long durNs) {
        int level = 0;
        while (level <= MAX_LEVEL && bucketNs(level) <= durNs) {
            level++;
        }
        return level;
    }

    /**
     * Smallest level whose bucket is at least one pixel wide (so 1 to 4 px, at most one bucket per pixel),
     * or -1 when even level 0 is 4 px or wider: then raw slices are read.
     */
    public static int levelForResolution(double nsPerPixel) {
        if (bucketNs(0) >= 4 * nsPerPixel) {
            return -1;
        }
        int level = 0;
        while (level < MAX_LEVEL && bucketNs(level) < nsPerPixel) {
            level++;
        }
        return level;
    }

    /**
     * Largest level whose bucket is at most two pixels wide (0.5 to 2 px), or -1 when level 0 is wider:
     * counter tracks draw a min/max envelope per pixel, which 4 px buckets would visibly flatten.
     */
    public static int counterLevelForResolution(double nsPerPixel) {
        int level = -1;
        while (level < MAX_LEVEL && bucketNs(level + 1) <= 2 * nsPerPixel) {
            level++;
        }
        return level;
    }

    /** Smallest level worth storing for a track with this many slices over this span; MAX_LEVEL + 1 when none. */
    static int minStoredLevel(long sliceCount, long spanNs) {
        return minStoredLevel(sliceCount, spanNs, MIN_SLICES_PER_BUCKET);
    }

    /** Counter tracks follow the same rule, one sample per bucket on average. */
    static int minStoredCounterLevel(long sampleCount, long spanNs) {
        return minStoredLevel(sampleCount, spanNs, MIN_SLICES_PER_BUCKET);
    }

    private static int minStoredLevel(long count, long spanNs, int perBucket) {
        for (int level = 0; level <= MAX_LEVEL; level++) {
            long buckets = spanNs / bucketNs(level) + 1;
            if (buckets * perBucket <= count) {
                return level;
            }
        }
        return MAX_LEVEL + 1;
    }
}
