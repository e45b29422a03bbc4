package io.fleetwise.datastore.trace;

/** Slices of one name overlapping a time range. */
public record NameStats(String name, long count, long totalDurNs, double meanDurNs) {
}
