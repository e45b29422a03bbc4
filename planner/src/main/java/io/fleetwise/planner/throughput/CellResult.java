package io.fleetwise.planner.throughput;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of one cell: the highest request rate one replica sustains under the SLO, and what finding it took.
 *
 * @param simulations   runs of the capacity search (0 when a lone request already missed the SLO)
 * @param searchSeconds wall time of the search where it ran
 * @param computedAt    when it was searched (a stored cell keeps its original time)
 */
public record CellResult(double maxRatePerS, int simulations, double searchSeconds, Instant computedAt) {

    public CellResult {
        if (!(maxRatePerS >= 0) || Double.isInfinite(maxRatePerS)) {
            throw new IllegalArgumentException("A cell's rate must be finite and >= 0, was " + maxRatePerS);
        }
        if (simulations < 0) {
            throw new IllegalArgumentException("A cell's simulation count must be >= 0, was " + simulations);
        }
        Objects.requireNonNull(computedAt, "computedAt");
    }
}
