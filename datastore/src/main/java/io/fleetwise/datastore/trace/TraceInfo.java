package io.fleetwise.datastore.trace;

import io.fleetwise.planner.ingest.ImportReport;

import java.util.Optional;

/**
 * One stored trace; studyId is null for a stand-alone trace. importReport is what the importer accepted, repaired and
 * skipped, stored with the trace; null for a trace Fleetwise recorded itself or one imported before it was stored.
 */
public record TraceInfo(long id, Long studyId, String name, String source, String createdAt,
                        long startNs, long endNs, long eventCount, ImportReport importReport) {

    public TraceInfo(long id, Long studyId, String name, String source, String createdAt, long startNs, long endNs,
                     long eventCount) {
        this(id, studyId, name, source, createdAt, startNs, endNs, eventCount, null);
    }

    public long durationNs() { return endNs - startNs; }

    /** The stored import report, when the trace was imported from a file by a version that stores it. */
    public Optional<ImportReport> storedImportReport() {
        return Optional.ofNullable(importReport);
    }

    /**
     * "import: 1 repaired, 1 skipped" when the import repaired or skipped anything, else empty: short enough for a
     * status line next to the event count; {@link #importDetails()} has the reasons and places.
     */
    public String importNotes() {
        if (importReport == null || importReport.repairedCount() + importReport.skippedCount() == 0) {
            return "";
        }
        return "import: " + importReport.repairedCount() + " repaired, " + importReport.skippedCount() + " skipped";
    }

    /** "import: 7 accepted, 1 repaired (reason, first at …), 1 skipped (…)" when there is anything to say, else empty. */
    public String importDetails() {
        return importNotes().isEmpty() ? "" : "import: " + importReport.summary();
    }
}
