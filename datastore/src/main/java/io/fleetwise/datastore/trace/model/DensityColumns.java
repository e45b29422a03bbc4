package io.fleetwise.datastore.trace.model;

import java.util.Arrays;

/** Level-of-detail buckets of one track window: slices narrower than a bucket, summarised. */
public final class DensityColumns {
    private final int level;
    private final long bucketWidthNs;
    private long[] bucketStartNs = new long[64];
    private long[] busyNs = new long[64];
    private long[] count = new long[64];
    private int[] longestNameId = new int[64];
    private int size;

    public DensityColumns(int level, long bucketWidthNs) {
        this.level = level;
        this.bucketWidthNs = bucketWidthNs;
    }

    public void add(long start, long busy, long n, int name) {
        if (size == bucketStartNs.length) {
            int c = size * 2;
            bucketStartNs = Arrays.copyOf(bucketStartNs, c);
            busyNs = Arrays.copyOf(busyNs, c);
            count = Arrays.copyOf(count, c);
            longestNameId = Arrays.copyOf(longestNameId, c);
        }
        bucketStartNs[size] = start;
        busyNs[size] = busy;
        count[size] = n;
        longestNameId[size] = name;
        size++;
    }

    public int level() { return level; }
    public long bucketWidthNs() { return bucketWidthNs; }
    public int size() { return size; }
    public long bucketStartNs(int i) { return bucketStartNs[i]; }
    public long busyNs(int i) { return busyNs[i]; }
    public long count(int i) { return count[i]; }
    public int longestNameId(int i) { return longestNameId[i]; }
}
