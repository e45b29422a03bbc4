package io.fleetwise.planner.sim;

import java.util.Arrays;

/** Binary min-heap of (time, int payload) on primitive arrays; ties pop in insertion order. */
final class EventHeap {
    private double[] time = new double[64];
    private long[] seq = new long[64];
    private int[] payload = new int[64];
    private int size;
    private long counter;

    int size() {
        return size;
    }

    double peekTime() {
        return size == 0 ? Double.POSITIVE_INFINITY : time[0];
    }

    int peekPayload() {
        return payload[0];
    }

    void push(double t, int value) {
        if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            seq = Arrays.copyOf(seq, size * 2);
            payload = Arrays.copyOf(payload, size * 2);
        }
        int i = size++;
        long s = counter++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (less(time[parent], seq[parent], t, s)) {
                break;
            }
            time[i] = time[parent];
            seq[i] = seq[parent];
            payload[i] = payload[parent];
            i = parent;
        }
        time[i] = t;
        seq[i] = s;
        payload[i] = value;
    }

    void pop() {
        size--;
        if (size == 0) {
            return;
        }
        double t = time[size];
        long s = seq[size];
        int v = payload[size];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && less(time[c + 1], seq[c + 1], time[c], seq[c])) {
                c++;
            }
            if (less(t, s, time[c], seq[c])) {
                break;
            }
            time[i] = time[c];
            seq[i] = seq[c];
            payload[i] = payload[c];
            i = c;
        }
        time[i] = t;
        seq[i] = s;
        payload[i] = v;
    }

    private static boolean less(double t1, long s1, double t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
