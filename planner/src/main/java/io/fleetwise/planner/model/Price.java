package io.fleetwise.planner.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What one GPU costs per hour. {@code onDemandUsdPerHour} is the default used for planning;
 * low/high bound what providers charge. {@link Double#NaN} marks a figure nobody has published.
 */
public record Price(double onDemandUsdPerHour, double lowUsdPerHour, double highUsdPerHour,
                    LocalDate asOf, String instance, String source) {

    public Price {
        Objects.requireNonNull(asOf, "asOf");
        instance = instance == null ? "" : instance;
        source = source == null ? "" : source;
    }

    /** No price at all (a GPU type nobody offers yet); {@code why} is shown where the price would be. */
    public static Price unknown(String why) {
        return new Price(Double.NaN, Double.NaN, Double.NaN, LocalDate.EPOCH, "", why);
    }

    public boolean isKnown() {
        return !Double.isNaN(onDemandUsdPerHour);
    }

    /** The same price with a negotiated or user-entered on-demand figure. */
    public Price withOnDemand(double usdPerHour, LocalDate when, String why) {
        return new Price(usdPerHour, lowUsdPerHour, highUsdPerHour, when, instance, why);
    }
}
