package io.fleetwise.datastore.trace.model;

import java.util.Arrays;

/** Counter samples reduced per pixel: first timestamp, min, max and last value of each pixel column. */
public final class CounterColumns {
    private long[] tsNs = new long[64];
    private double[] min = new double[64];
    private double[] max = new double[64];
    private double[] last = new double[64];
    private int size;

    public void add(long ts, double lo, double hi, double lastValue) {
        if (size == tsNs.length) {
            int c = size * 2;
            tsNs = Arrays.copyOf(tsNs, c);
            min = Arrays.copyOf(min, c);
            max = Arrays.copyOf(max, c);
            last = Arrays.copyOf(last, c);
        }
        tsNs[size] = ts;
        min[size] = lo;
        max[size] = hi;
        last[size] = lastValue;
        size++;
    }

    public int size() { return size; }
    public long tsNs(int i) { return tsNs[i]; }
    public double min(int i) { return min[i]; }
    public double max(int i) { return max[i]; }
    public double last(int i) { return last[i]; }

    public double maxValue() {
        double m = 0;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, max[i]);
        }
        return m;
    }
}
