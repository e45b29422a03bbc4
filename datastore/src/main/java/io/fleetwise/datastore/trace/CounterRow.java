package io.fleetwise.datastore.trace;

/** One sample of a counter track. */
public record CounterRow(long trackId, long tsNs, double value) {
}
