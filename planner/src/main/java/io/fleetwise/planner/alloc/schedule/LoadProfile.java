package io.fleetwise.planner.alloc.schedule;

import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Load over a day or a week as consecutive periods: from the study's diurnal curve, or counted from a trace's
 * arrivals (and its lengths, per period).
 *
 * @param source where the load comes from, in words
 */
public record LoadProfile(List<LoadPeriod> periods, String source) {

    public LoadProfile {
        periods = List.copyOf(periods);
        source = source == null ? "" : source;
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("A load profile needs at least one period");
        }
        for (int i = 1; i < periods.size(); i++) {
            if (periods.get(i).startHour() < periods.get(i - 1).endHour() - 1e-9) {
                throw new IllegalArgumentException("Load periods overlap: " + periods.get(i - 1).label() + " and "
                        + periods.get(i).label());
            }
        }
    }

    /** One hour-long period per rate ({@code 24} for a day, {@code 168} for a week). */
    public static LoadProfile hourly(double[] ratesPerSecond, String source) {
        if (ratesPerSecond.length == 0) {
            throw new IllegalArgumentException("An hourly load profile needs at least one hour");
        }
        List<LoadPeriod> periods = new ArrayList<>();
        for (int h = 0; h < ratesPerSecond.length; h++) {
            periods.add(LoadPeriod.hour(h, ratesPerSecond[h]));
        }
        return new LoadProfile(periods, source);
    }

    /**
     * Periods of {@code periodHours} counted from a trace: each period's rate is its arrivals over its length, and
     * its bucket shares are its requests' lengths on the given edges. Arrivals are taken from the trace's first
     * one; a trace shorter than a period gives one (partial) period whose rate is its own.
     */
    public static LoadProfile fromTrace(RequestTrace trace, double periodHours, int[] inputEdges, int[] outputEdges) {
        Objects.requireNonNull(trace, "trace");
        if (!(periodHours > 0)) {
            throw new IllegalArgumentException("Period length must be > 0 hours, was " + periodHours);
        }
        if (trace.size() == 0) {
            throw new IllegalArgumentException("Trace '" + trace.name() + "' has no requests");
        }
        long first = trace.arrivalNs(0);
        long last = trace.arrivalNs(trace.size() - 1);
        double periodNs = periodHours * 3600e9;
        int count = Math.max(1, (int) Math.ceil((last - first + 1) / periodNs));
        List<List<Integer>> members = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            members.add(new ArrayList<>());
        }
        for (int r = 0; r < trace.size(); r++) {
            int p = (int) Math.min(count - 1, (trace.arrivalNs(r) - first) / periodNs);
            members.get(p).add(r);
        }
        double spanHours = (last - first) / 3600e9;
        List<LoadPeriod> periods = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<Integer> rows = members.get(p);
            double hours = count == 1 ? Math.max(spanHours, 1.0 / 3600) : periodHours;
            List<Double> shares = new ArrayList<>();
            if (!rows.isEmpty()) {
                RequestTrace part = subset(trace, rows);
                for (WorkloadBucket b : WorkloadBuckets.fromTrace(part, inputEdges, outputEdges)) {
                    shares.add(b.rateShare());
                }
            }
            double start = p * periodHours;
            periods.add(new LoadPeriod(LoadPeriod.clock(start), start, hours, rows.size() / (hours * 3600.0), shares));
        }
        return new LoadProfile(periods, String.format(Locale.ROOT, "trace %s: %d requests in %d periods of %s h",
                trace.name(), trace.size(), count, periodHours));
    }

    private static RequestTrace subset(RequestTrace trace, List<Integer> rows) {
        long[] at = new long[rows.size()];
        int[] in = new int[rows.size()];
        int[] out = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            at[i] = trace.arrivalNs(rows.get(i));
            in[i] = trace.inputTokens(rows.get(i));
            out[i] = trace.outputTokens(rows.get(i));
        }
        return new RequestTrace(trace.name(), at, in, out);
    }

    /**
     * The load on the buckets at {@code kept} (indices into the buckets the periods' shares are on) only: each period's
     * shares restricted to them and renormalised, its rate lowered by the share left out. A period without shares of
     * its own carries the workload's, of which {@code keptShare} is kept.
     */
    public LoadProfile onlyBuckets(List<Integer> kept, double keptShare) {
        List<LoadPeriod> out = new ArrayList<>();
        for (LoadPeriod p : periods) {
            if (p.bucketShares().isEmpty()) {
                out.add(new LoadPeriod(p.label(), p.startHour(), p.durationHours(), p.ratePerSecond() * keptShare,
                        List.of()));
                continue;
            }
            double sum = 0;
            for (int b : kept) {
                sum += p.bucketShares().get(b);
            }
            List<Double> shares = new ArrayList<>();
            for (int b : kept) {
                shares.add(sum > 0 ? p.bucketShares().get(b) / sum : 0.0);
            }
            out.add(new LoadPeriod(p.label(), p.startHour(), p.durationHours(), p.ratePerSecond() * sum, shares));
        }
        return new LoadProfile(out, source);
    }

    public double totalHours() {
        double h = 0;
        for (LoadPeriod p : periods) {
            h += p.durationHours();
        }
        return h;
    }

    public double peakRatePerSecond() {
        double peak = 0;
        for (LoadPeriod p : periods) {
            peak = Math.max(peak, p.ratePerSecond());
        }
        return peak;
    }

    public double meanRatePerSecond() {
        double weighted = 0;
        for (LoadPeriod p : periods) {
            weighted += p.ratePerSecond() * p.durationHours();
        }
        return weighted / totalHours();
    }
}
