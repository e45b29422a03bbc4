package io.fleetwise.datastore.trace.interop;

import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.planner.ingest.ImportReport;

/** A finished import: the stored trace and what the importer accepted, repaired and skipped (with reasons). */
public record ImportResult(TraceInfo trace, ImportReport report) {

    /** Input items not stored, for any reason (events of phases we do not store, flows that hit no slice, …). */
    public long skippedEvents() {
        return report.skippedCount();
    }

    /** Flows dropped because one end hits no slice. */
    public long unresolvedFlows() {
        return report.skipped().stream().filter(e -> e.reason().equals(TraceWriter.SKIPPED_FLOW))
                .mapToLong(ImportReport.Entry::count).sum();
    }
}
