package io.fleetwise.datastore.trace;

/** A slice as streamed out of the store (export, tests). category and argsJson may be null. */
public record SliceRow(long id, long trackId, long startNs, long durNs, int depth, String name, String category,
                       String argsJson) {
}
