package io.fleetwise.datastore.trace;

/** A flow seen from one slice: the slice at the other end and where it lives. */
public record FlowLink(long flowId, String name, long otherSliceId, long otherTrackId, String otherTrackName,
                       String otherSliceName, long otherStartNs, int otherDepth) {
}
