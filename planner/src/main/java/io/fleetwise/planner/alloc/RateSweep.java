package io.fleetwise.planner.alloc;

import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

/** Cost against total request rate for the mix and every single candidate type (Mélange's key plot). */
public final class RateSweep {

    private final FleetAllocator allocator;

    public RateSweep(FleetAllocator allocator) {
        this.allocator = allocator;
    }

    /** {@code points} rates evenly spaced from {@code fromRate} to {@code toRate}, both included. */
    public static double[] evenlySpaced(double fromRate, double toRate, int points) {
        if (points < 2 || !(fromRate >= 0) || !(toRate > fromRate)) {
            throw new IllegalArgumentException("A rate sweep needs >= 2 points and 0 <= from < to, was from "
                    + fromRate + " to " + toRate + " with " + points + " points");
        }
        double[] rates = new double[points];
        for (int i = 0; i < points; i++) {
            rates[i] = fromRate + (toRate - fromRate) * i / (points - 1);
        }
        return rates;
    }

    /** @throws CancellationException when the listener asks to cancel (checked between solves) */
    public List<RateSweepPoint> run(AllocationProblem problem, double[] ratesPerSecond, ProgressListener listener) {
        List<RateSweepPoint> points = new ArrayList<>();
        int solvesPerRate = problem.candidates().size() + 1;
        int total = ratesPerSecond.length * solvesPerRate;
        int done = 0;
        for (double rate : ratesPerSecond) {
            AllocationProblem atRate = problem.withTotalRate(rate);
            checkCancelled(listener);
            listener.progress((double) done / total, String.format(Locale.ROOT, "Mix at %.4g req/s", rate));
            AllocationResult mix = allocator.solve(atRate, ProgressListener.NONE);
            done++;
            Map<String, Double> single = new LinkedHashMap<>();
            for (AllocationCandidate c : problem.candidates()) {
                checkCancelled(listener);
                listener.progress((double) done / total,
                        String.format(Locale.ROOT, "%s alone at %.4g req/s", c.name(), rate));
                AllocationResult r = allocator.solve(atRate.withCandidates(List.of(c)), ProgressListener.NONE);
                single.put(c.name(), r.hasPlan() ? r.costPerHourUsd() : Double.NaN);
                done++;
            }
            points.add(new RateSweepPoint(rate, mix.hasPlan() ? mix.costPerHourUsd() : Double.NaN, single));
        }
        listener.progress(1.0, "Rate sweep done");
        return points;
    }

    private static void checkCancelled(ProgressListener listener) {
        if (listener.isCancelled()) {
            throw new CancellationException("Rate sweep cancelled");
        }
    }
}
