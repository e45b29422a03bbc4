package io.fleetwise.planner.workload;

import io.fleetwise.planner.model.Slo;

import java.util.Objects;

/**
 * One kind of request in a workload: its share of arrivals, its lengths and (optionally, may be null) its own SLO.
 */
public record RequestClass(String name, double share, LengthDistribution lengths, Slo slo) {

    public RequestClass {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lengths, "lengths");
        if (!(share > 0)) {
            throw new IllegalArgumentException("RequestClass " + name + ": share must be > 0, was " + share);
        }
    }

    public static RequestClass of(String preset, double share) {
        return new RequestClass(preset, share, LengthPresets.preset(preset), null);
    }
}
