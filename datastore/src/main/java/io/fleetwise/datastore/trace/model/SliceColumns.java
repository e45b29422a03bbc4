package io.fleetwise.datastore.trace.model;

import java.util.Arrays;

/** Slices of one track window stored column-wise (no object per slice). Filled by one thread, then read-only. */
public final class SliceColumns {
    private long[] sliceId = new long[64];
    private long[] startNs = new long[64];
    private long[] durNs = new long[64];
    private int[] depth = new int[64];
    private int[] nameId = new int[64];
    private int size;

    public void add(long id, long start, long dur, int d, int name) {
        if (size == startNs.length) {
            int n = size * 2;
            sliceId = Arrays.copyOf(sliceId, n);
            startNs = Arrays.copyOf(startNs, n);
            durNs = Arrays.copyOf(durNs, n);
            depth = Arrays.copyOf(depth, n);
            nameId = Arrays.copyOf(nameId, n);
        }
        sliceId[size] = id;
        startNs[size] = start;
        durNs[size] = dur;
        depth[size] = d;
        nameId[size] = name;
        size++;
    }

    public int size() { return size; }
    public long sliceId(int i) { return sliceId[i]; }
    public long startNs(int i) { return startNs[i]; }
    public long durNs(int i) { return durNs[i]; }
    public long endNs(int i) { return startNs[i] + durNs[i]; }
    public int depth(int i) { return depth[i]; }
    public int nameId(int i) { return nameId[i]; }
}
