package io.fleetwise.datastore.trace;

/** An instant as streamed out of the store. category and argsJson may be null. */
public record InstantRow(long trackId, long tsNs, String name, String category, String argsJson) {
}
