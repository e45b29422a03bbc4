package io.fleetwise.planner.study;

/**
 * One point of a {@link WhatIfSweep}.
 *
 * @param costPerHourUsd the cheapest mix's cost; NaN when no plan meets the SLO (then {@code message} says why)
 * @param gpus           GPUs of the mix; 0 without a plan
 */
public record WhatIfSweepPoint(double value, double ratePerS, double tpotMs, double costPerHourUsd, int gpus,
                               String mix, String message) {

    public boolean feasible() {
        return !Double.isNaN(costPerHourUsd);
    }

    public static WhatIfSweepPoint of(double value, WhatIfRow row) {
        return new WhatIfSweepPoint(value, row.ratePerS(), row.tpotMs(), row.costPerHourUsd(), row.gpus(), row.mix(),
                row.message());
    }
}
