package io.fleetwise.datastore.trace.interop;

import io.fleetwise.datastore.trace.TraceInfo;

/** A finished import: the stored trace, events of phases we do not store, and flows whose ends hit no slice. */
public record ImportResult(TraceInfo trace, long skippedEvents, int unresolvedFlows) {
}
