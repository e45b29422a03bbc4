package io.fleetwise.planner.sim;

/** A fleet-wide series sampled on a fixed interval: time-weighted mean per interval. Immutable. */
public final class TimeSeries {
    private final String name;
    private final long intervalNs;
    private final double[] values;

    public TimeSeries(String name, long intervalNs, double[] values) {
        this.name = name;
        this.intervalNs = intervalNs;
        this.values = values.clone();
    }

    public String name() {
        return name;
    }

    public long intervalNs() {
        return intervalNs;
    }

    public int size() {
        return values.length;
    }

    public long timeNs(int i) {
        return i * intervalNs;
    }

    public double value(int i) {
        return values[i];
    }

    public double[] values() {
        return values.clone();
    }
}
