package io.fleetwise.datastore.trace;

/** A flow between two slices of the same trace. category may be null. */
public record FlowRow(long id, long fromSliceId, long toSliceId, String name, String category) {
}
