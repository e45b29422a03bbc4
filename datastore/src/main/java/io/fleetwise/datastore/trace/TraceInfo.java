package io.fleetwise.datastore.trace;

/** One stored trace; studyId is null for a stand-alone trace. */
public record TraceInfo(long id, Long studyId, String name, String source, String createdAt,
                        long startNs, long endNs, long eventCount) {
    public long durationNs() { return endNs - startNs; }
}
