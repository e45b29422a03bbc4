package io.fleetwise.reports;

import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.interop.ChromeTraceImporter;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's timeline caption says what the trace's import repaired and skipped: no silent gap in the picture. */
class TimelineSnapshotImportNotesTest {
    @TempDir
    Path dir;

    @Test
    void theCaptionCarriesTheStoredImportReport() throws Exception {
        Path file = dir.resolve("rounded.json");
        Files.writeString(file, """
                {"traceEvents":[
                  {"ph":"X","name":"a","pid":1,"tid":7,"ts":10.0,"dur":2.0},
                  {"ph":"X","name":"b","pid":1,"tid":7,"ts":11.999,"dur":2.0},
                  {"ph":"P","name":"sample","pid":1,"tid":7,"ts":13.0}
                ]}""");
        TraceStore store = TraceStore.open(dir.resolve("t.db"));
        new ChromeTraceImporter(store).importFile(file, "Demo study run", null, ProgressListener.NONE);
        TraceInfo trace = store.listTraces().get(0);

        String caption = TimelineSnapshot.render(store, trace, "the newest trace named after this study").caption();

        assertThat(caption).contains("2 events").contains(". Import: 2 accepted, 1 repaired (1 improperly nested slices")
                .contains("1 skipped (1 events of phase 'P'").endsWith(".");
    }

    @Test
    void aCleanImportAddsNothingToTheCaption() throws Exception {
        Path file = dir.resolve("clean.json");
        Files.writeString(file, "[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":7,\"ts\":1,\"dur\":1}]");
        TraceStore store = TraceStore.open(dir.resolve("t.db"));
        new ChromeTraceImporter(store).importFile(file, "clean", null, ProgressListener.NONE);

        assertThat(TimelineSnapshot.render(store, store.listTraces().get(0), "x").caption()).doesNotContain("Import");
    }
}
