package io.fleetwise.datastore.trace.model;

import java.util.Arrays;

/** Instants reduced per pixel: first timestamp, how many fell in the pixel, and the first one's name. */
public final class InstantColumns {
    private long[] tsNs = new long[16];
    private long[] count = new long[16];
    private int[] nameId = new int[16];
    private int size;

    public void add(long ts, long n, int name) {
        if (size == tsNs.length) {
            int c = size * 2;
            tsNs = Arrays.copyOf(tsNs, c);
            count = Arrays.copyOf(count, c);
            nameId = Arrays.copyOf(nameId, c);
        }
        tsNs[size] = ts;
        count[size] = n;
        nameId[size] = name;
        size++;
    }

    public int size() { return size; }
    public long tsNs(int i) { return tsNs[i]; }
    public long count(int i) { return count[i]; }
    public int nameId(int i) { return nameId[i]; }
}
