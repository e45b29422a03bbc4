package io.fleetwise.planner.alloc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cost of serving one total request rate: the mix and each single candidate type.
 *
 * @param mixCostPerHourUsd               NaN when no plan exists at this rate
 * @param singleTypeCostPerHourUsd        candidate name to its single-type fleet cost; NaN when that
 *                                        candidate alone cannot serve the workload
 */
public record RateSweepPoint(double totalRatePerSecond, double mixCostPerHourUsd,
                             Map<String, Double> singleTypeCostPerHourUsd) {

    public RateSweepPoint {
        singleTypeCostPerHourUsd = Collections.unmodifiableMap(new LinkedHashMap<>(singleTypeCostPerHourUsd));
    }
}
