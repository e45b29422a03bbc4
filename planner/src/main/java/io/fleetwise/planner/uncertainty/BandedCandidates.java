package io.fleetwise.planner.uncertainty;

import io.fleetwise.planner.alloc.AllocationCandidate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The same replica configs with their per-bucket capacities at the band's two ends: {@code pessimistic} (the model
 * overestimates speed: less capacity, so more replicas) and {@code optimistic}. Same order and names in all three.
 */
public record BandedCandidates(List<AllocationCandidate> pessimistic, List<AllocationCandidate> nominal,
                               List<AllocationCandidate> optimistic, ModelErrorBand band) {

    public BandedCandidates {
        pessimistic = List.copyOf(pessimistic);
        nominal = List.copyOf(nominal);
        optimistic = List.copyOf(optimistic);
        Objects.requireNonNull(band, "band");
        if (pessimistic.size() != nominal.size() || optimistic.size() != nominal.size()) {
            throw new IllegalArgumentException("The band's ends must list the same candidates as the nominal table");
        }
        for (int c = 0; c < nominal.size(); c++) {
            if (!pessimistic.get(c).name().equals(nominal.get(c).name())
                    || !optimistic.get(c).name().equals(nominal.get(c).name())) {
                throw new IllegalArgumentException("Candidate " + c + " differs between the band's ends: "
                        + pessimistic.get(c).name() + " / " + nominal.get(c).name() + " / " + optimistic.get(c).name());
            }
        }
    }

    /** A band from measured throughput error: every capacity times (1 -/+ e). */
    public static BandedCandidates byCapacity(List<AllocationCandidate> nominal, ModelErrorBand band) {
        return new BandedCandidates(scaled(nominal, 1 - band.capacityRelativeError()), nominal,
                scaled(nominal, 1 + band.capacityRelativeError()), band);
    }

    /** No band: all three ends are the nominal table. */
    public static BandedCandidates none(List<AllocationCandidate> nominal) {
        return new BandedCandidates(nominal, nominal, nominal, ModelErrorBand.none());
    }

    /** Capacity of one cell at the three ends: {pessimistic, nominal, optimistic}. */
    public double[] cell(int candidate, int bucket) {
        return new double[] {pessimistic.get(candidate).throughputRps().get(bucket),
                nominal.get(candidate).throughputRps().get(bucket), optimistic.get(candidate).throughputRps().get(bucket)};
    }

    private static List<AllocationCandidate> scaled(List<AllocationCandidate> in, double factor) {
        List<AllocationCandidate> out = new ArrayList<>();
        for (AllocationCandidate c : in) {
            List<Double> t = new ArrayList<>();
            for (double v : c.throughputRps()) {
                t.add(v * factor);
            }
            out.add(new AllocationCandidate(c.name(), c.gpuType(), c.gpuCount(), c.costPerHourUsd(), t, c.source()));
        }
        return out;
    }
}
