package io.fleetwise.datastore.catalog;

import java.time.LocalDate;
import java.util.Objects;

/** A price the user entered for a GPU type (e.g. a negotiated rate), replacing the catalog's on-demand price. */
public record PriceOverride(String gpuName, double usdPerHour, LocalDate asOf, String note) {

    public PriceOverride {
        Objects.requireNonNull(gpuName, "gpuName");
        Objects.requireNonNull(asOf, "asOf");
        if (!(usdPerHour > 0) || Double.isInfinite(usdPerHour)) {
            throw new IllegalArgumentException("Price for " + gpuName + " must be a positive number of USD per hour, was "
                    + usdPerHour);
        }
        note = note == null ? "" : note;
    }
}
