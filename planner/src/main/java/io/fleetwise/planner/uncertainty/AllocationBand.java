package io.fleetwise.planner.uncertainty;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The cheapest mix at the nominal capacities and at both ends of the model's error band: whether the recommended
 * mix changes within the band, and how far the cost moves.
 */
public record AllocationBand(AllocationResult pessimistic, AllocationResult nominal, AllocationResult optimistic,
                             ModelErrorBand band) {

    public AllocationBand {
        Objects.requireNonNull(pessimistic, "pessimistic");
        Objects.requireNonNull(nominal, "nominal");
        Objects.requireNonNull(optimistic, "optimistic");
        Objects.requireNonNull(band, "band");
    }

    /** Solves the problem with each end's capacities (the problem's own candidates are the nominal ones). */
    public static AllocationBand solve(FleetAllocator allocator, AllocationProblem problem, BandedCandidates candidates,
                                       ProgressListener listener) {
        ProgressListener p = listener == null ? ProgressListener.NONE : listener;
        AllocationResult nominal = allocator.solve(problem.withCandidates(priced(candidates.nominal(), problem)),
                BandedThroughputTable.scaled(p, 0, 1.0 / 3));
        if (candidates.band().isNone()) {
            return new AllocationBand(nominal, nominal, nominal, candidates.band());
        }
        AllocationResult pessimistic = allocator.solve(problem.withCandidates(priced(candidates.pessimistic(), problem)),
                BandedThroughputTable.scaled(p, 1.0 / 3, 2.0 / 3));
        AllocationResult optimistic = allocator.solve(problem.withCandidates(priced(candidates.optimistic(), problem)),
                BandedThroughputTable.scaled(p, 2.0 / 3, 1.0));
        return new AllocationBand(pessimistic, nominal, optimistic, candidates.band());
    }

    /** Whether the set of replica configs bought changes anywhere in the band. */
    public boolean mixChanges() {
        return !used(pessimistic).keySet().equals(used(nominal).keySet())
                || !used(optimistic).keySet().equals(used(nominal).keySet());
    }

    /** Whether any replica count changes anywhere in the band. */
    public boolean countsChange() {
        return !used(pessimistic).equals(used(nominal)) || !used(optimistic).equals(used(nominal));
    }

    public double costLowUsdPerHour() {
        return optimistic.costPerHourUsd();
    }

    public double costHighUsdPerHour() {
        return pessimistic.costPerHourUsd();
    }

    /**
     * "Within the model's error band (TTFT +-8.0 %, TPOT +-3.4 % ...): the mix stays 3 x H100-SXM TP1 + 2 x L40S TP1
     * (counts 3-4); cost 10.2 to 12.9 $/h (-5.1 % to +8.0 %)".
     */
    public String describe() {
        if (band.isNone()) {
            return "no error band applied";
        }
        if (!pessimistic.hasPlan() || !nominal.hasPlan() || !optimistic.hasPlan()) {
            return "within the model's error band (" + band.describe() + "): " + (nominal.hasPlan()
                    ? "the pessimistic end has no plan: " + pessimistic.message()
                    : "there is no plan at the nominal capacities");
        }
        String mix = mixChanges() ? "the mix changes: " + words(optimistic) + " at the optimistic end, " + words(nominal)
                + " nominal, " + words(pessimistic) + " at the pessimistic end"
                : countsChange() ? "the mix keeps its replica configs but the counts move: " + words(optimistic) + " to "
                + words(pessimistic)
                : "the mix does not change: " + words(nominal);
        double n = nominal.costPerHourUsd();
        return String.format(Locale.ROOT, "Within the model's error band (%s): %s; cost %.2f to %.2f $/h (%+.1f %% to "
                        + "%+.1f %% of the nominal %.2f $/h)", band.describe(), mix, costLowUsdPerHour(), costHighUsdPerHour(),
                100 * (costLowUsdPerHour() / n - 1), 100 * (costHighUsdPerHour() / n - 1), n);
    }

    static Map<String, Integer> used(AllocationResult r) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (r.hasPlan()) {
            r.countsByCandidate().forEach((name, count) -> {
                if (count > 0) {
                    out.put(name, count);
                }
            });
        }
        return out;
    }

    static String words(AllocationResult r) {
        Map<String, Integer> used = used(r);
        if (used.isEmpty()) {
            return "nothing";
        }
        StringBuilder sb = new StringBuilder();
        used.forEach((name, n) -> sb.append(sb.length() == 0 ? "" : " + ").append(n).append(" x ").append(name));
        return sb.toString();
    }

    /** The band's candidates carry the nominal candidates' costs (the cost does not depend on the model's error). */
    private static java.util.List<io.fleetwise.planner.alloc.AllocationCandidate> priced(
            java.util.List<io.fleetwise.planner.alloc.AllocationCandidate> cands, AllocationProblem problem) {
        java.util.List<io.fleetwise.planner.alloc.AllocationCandidate> out = new java.util.ArrayList<>();
        for (io.fleetwise.planner.alloc.AllocationCandidate c : cands) {
            double cost = c.costPerHourUsd();
            for (io.fleetwise.planner.alloc.AllocationCandidate p : problem.candidates()) {
                if (p.name().equals(c.name())) {
                    cost = p.costPerHourUsd();
                }
            }
            out.add(c.withCostPerHourUsd(cost));
        }
        return out;
    }
}
