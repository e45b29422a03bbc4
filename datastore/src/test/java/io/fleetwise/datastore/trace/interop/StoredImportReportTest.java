package io.fleetwise.datastore.trace.interop;

import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.TraceWriter;
import io.fleetwise.datastore.trace.TrackKind;
import io.fleetwise.planner.ingest.ImportReport;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What an import repaired and skipped stays with the trace: a later look (Timeline, trace list, report) still says so. */
class StoredImportReportTest {
    @TempDir
    Path dir;

    /** One slice starts 1 ns before its predecessor ends (repaired), one 'P' sample is not stored (skipped). */
    private static final String CHROME = """
            {"traceEvents": [
              {"name": "thread_name", "ph": "M", "pid": 1, "tid": 2, "args": {"name": "worker"}},
              {"name": "a", "ph": "X", "pid": 1, "tid": 2, "ts": 10.0, "dur": 2.0},
              {"name": "b", "ph": "X", "pid": 1, "tid": 2, "ts": 11.999, "dur": 2.0},
              {"name": "sample", "ph": "P", "pid": 1, "tid": 2, "ts": 13.0}
            ]}
            """;

    @Test
    void theReportIsStoredWithTheTraceAndReadsBackAfterReopening() throws Exception {
        Path file = dir.resolve("run.json");
        Files.writeString(file, CHROME);
        Path db = dir.resolve("traces.db");
        ImportResult imported = new ChromeTraceImporter(TraceStore.open(db)).importFile(file, "run", null, ProgressListener.NONE);
        assertThat(imported.report().repairedCount()).isEqualTo(1);
        assertThat(imported.report().skippedCount()).isEqualTo(1);

        TraceInfo listed = TraceStore.open(db).listTraces().get(0);

        assertThat(listed.importReport()).isEqualTo(imported.report());
        assertThat(listed.importReport().repaired().get(0).reason()).isEqualTo(TraceWriter.REPAIRED_NESTING);
        assertThat(listed.importReport().skipped().get(0).firstPlaces()).hasSize(1);
        assertThat(listed.importNotes()).isEqualTo("import: 1 repaired, 1 skipped");
        assertThat(listed.importDetails()).startsWith("import: 2 accepted, 1 repaired (").contains("1 skipped (");
    }

    @Test
    void aCleanImportStoresItsCountsButAddsNoNotes() throws Exception {
        Path file = dir.resolve("clean.json");
        Files.writeString(file, "[{\"name\": \"a\", \"ph\": \"X\", \"pid\": 1, \"tid\": 1, \"ts\": 1, \"dur\": 1}]");
        TraceStore store = TraceStore.open(dir.resolve("traces.db"));
        new ChromeTraceImporter(store).importFile(file, "clean", null, ProgressListener.NONE);

        TraceInfo listed = store.listTraces().get(0);

        assertThat(listed.importReport()).isEqualTo(ImportReport.acceptedAll(1));
        assertThat(listed.importNotes()).isEmpty();
        assertThat(listed.importDetails()).isEmpty();
    }

    @Test
    void aTraceFleetwiseRecordedItselfHasNoImportReport() {
        TraceStore store = TraceStore.open(dir.resolve("traces.db"));
        try (TraceWriter w = store.beginTrace("simulated", null, "simulation", ProgressListener.NONE)) {
            long p = w.process("replica 0", 1);
            w.slice(w.track(p, TrackKind.THREAD, "iterations", 1), 0, 100, "step", null, null);
            w.commit();
        }

        TraceInfo listed = store.listTraces().get(0);

        assertThat(listed.storedImportReport()).isEmpty();
        assertThat(listed.importNotes()).isEmpty();
    }
}
