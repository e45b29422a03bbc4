package io.fleetwise.datastore.trace;

/** One track; parentId is null for top-level (process/GPU/replica) tracks. */
public record TrackInfo(long id, long traceId, Long parentId, TrackKind kind, String name, int sortIndex,
                        long pid, long tid, int maxDepth, long maxDurNs, long eventCount, int lodMinLevel) {
}
