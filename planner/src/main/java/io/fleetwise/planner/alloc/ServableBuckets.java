package io.fleetwise.planner.alloc;

import io.fleetwise.planner.model.Slo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The buckets some candidate can serve within the SLO, renormalised, and the candidates restricted to them: the one
 * rule by which the static fleet (Fleet area, allocate, what-if, report) and the schedule over a day leave out the few
 * requests that meet the SLO on no GPU, and say so.
 *
 * @param kept         indices of the kept buckets in the original list
 * @param droppedShare share of the requests in the left-out buckets
 * @param note         "0.05% of requests (...) meet the SLO on no candidate and are left out (...)"; empty when none is
 */
public record ServableBuckets(List<WorkloadBucket> buckets, List<AllocationCandidate> candidates, List<Integer> kept,
                              double droppedShare, String note) {

    public ServableBuckets {
        buckets = List.copyOf(buckets);
        candidates = List.copyOf(candidates);
        kept = List.copyOf(kept);
    }

    public static ServableBuckets of(List<AllocationCandidate> all, List<WorkloadBucket> buckets, Slo slo) {
        List<Integer> keep = new ArrayList<>();
        double dropped = 0;
        List<String> names = new ArrayList<>();
        for (int b = 0; b < buckets.size(); b++) {
            int bucket = b;
            if (all.stream().anyMatch(c -> c.throughputRps().get(bucket) > 0)) {
                keep.add(b);
            } else {
                dropped += buckets.get(b).rateShare();
                names.add(buckets.get(b).name());
            }
        }
        double keptShare = 1 - dropped;
        List<WorkloadBucket> kept = new ArrayList<>();
        for (int b : keep) {
            kept.add(buckets.get(b).withRateShare(keptShare > 0 ? buckets.get(b).rateShare() / keptShare : 0));
        }
        String note = names.isEmpty() ? "" : String.format(Locale.ROOT,
                "%.2f%% of requests (%s) meet the SLO on no candidate and are left out (the SLO lets %.0f%% miss)",
                dropped * 100, String.join(", ", names), (1 - slo.attainment()) * 100);
        return new ServableBuckets(kept, onBuckets(all, keep), keep, dropped, note);
    }

    /** Whether requests were left out and the SLO's attainment lets that many miss. */
    public boolean leavesOutWithinSlo(Slo slo) {
        return droppedShare > 0 && droppedShare <= 1 - slo.attainment() + 1e-12;
    }

    /** {@code candidates} with throughputs on the kept buckets only (same order). */
    public List<AllocationCandidate> restrict(List<AllocationCandidate> candidates) {
        return onBuckets(candidates, kept);
    }

    /** {@code all} with their throughputs on the buckets at {@code keep} only (same candidates, same order). */
    public static List<AllocationCandidate> onBuckets(List<AllocationCandidate> all, List<Integer> keep) {
        List<AllocationCandidate> out = new ArrayList<>();
        for (AllocationCandidate c : all) {
            List<Double> t = new ArrayList<>();
            for (int b : keep) {
                t.add(c.throughputRps().get(b));
            }
            out.add(new AllocationCandidate(c.name(), c.gpuType(), c.gpuCount(), c.costPerHourUsd(), t, c.source()));
        }
        return out;
    }
}
