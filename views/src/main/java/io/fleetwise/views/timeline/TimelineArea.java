package io.fleetwise.views.timeline;

import io.fleetwise.datastore.trace.TraceFormatException;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.datastore.trace.interop.ChromeTraceImporter;
import io.fleetwise.datastore.trace.interop.ImportResult;
import io.fleetwise.datastore.trace.interop.NsysSqliteImporter;
import io.fleetwise.planner.progress.ProgressListener;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Timeline workbench area: pick a stored trace (or import a Chrome JSON / Nsight Systems SQLite file)
 * and browse it in a {@link TimelineView}. Listing and importing run off the FX thread.
 */
public final class TimelineArea extends BorderPane implements io.fleetwise.views.common.Refreshable {
    private final TraceStore store;
    private final ComboBox<TraceInfo> picker = new ComboBox<>();
    private final Label message = new Label();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "timeline-area");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean cancelImport = new AtomicBoolean();
    private TimelineViewModel current;
    /** True while the picker's list is replaced: its value passes through null without closing the open trace. */
    private boolean relisting;
    /** Traces of the open study, oldest first: the area opens on the newest of them. */
    private final java.util.function.Supplier<List<Long>> studyTraces;

    public TimelineArea(TraceStore store) {
        this(store, List::of);
    }

    /** @param studyTraces the open study's trace ids; with none chosen yet, the area shows the newest of them */
    public TimelineArea(TraceStore store, java.util.function.Supplier<List<Long>> studyTraces) {
        this.store = store;
        this.studyTraces = studyTraces;
        setId("timeline-area");
        picker.setId("timeline-trace-picker");
        picker.setPromptText("Choose a trace");
        picker.setCellFactory(l -> new TraceCell());
        picker.setButtonCell(new TraceCell());
        picker.valueProperty().addListener((o, a, b) -> {
            if (!relisting) {
                show(b);
            }
        });
        Button importButton = new Button("Import\u2026");
        importButton.setId("timeline-import");
        importButton.setOnAction(e -> chooseAndImport());
        Button cancel = new Button("Cancel import");
        cancel.setOnAction(e -> cancelImport.set(true));
        message.setId("timeline-area-message");
        // under the toolbar, wrapped: an import's report (what was repaired or skipped, and where) must be readable,
        // not pushed into the toolbar's overflow menu
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setPadding(new javafx.geometry.Insets(2, 8, 4, 8));
        ToolBar toolBar = new ToolBar(new Label("Trace"), picker, importButton, cancel);
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(toolBar, message);
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        setTop(top);
        setCenter(new Label("Import a Chrome trace JSON or an Nsight Systems SQLite export, or choose a stored trace."));
        refresh(null);
    }

    private void refresh(Long select) {
        background.execute(() -> {
            try {
                List<TraceInfo> traces = store.listTraces();
                Platform.runLater(() -> {
                    TraceInfo shown = picker.getValue();
                    relisting = true;
                    try {
                        picker.setItems(FXCollections.observableArrayList(traces));
                        picker.setValue(shown == null ? null
                                : traces.stream().filter(t -> t.id() == shown.id()).findFirst().orElse(null));
                    } finally {
                        relisting = false;
                    }
                    Long wanted = select != null ? select : shown != null ? Long.valueOf(shown.id()) : newestOfStudy(traces);
                    if (wanted != null) {
                        traces.stream().filter(t -> t.id() == wanted).findFirst().ifPresent(picker::setValue);
                    }
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> message.setText("Cannot list traces: " + e.getMessage()));
            }
        });
    }

    /** The newest stored trace of the open study, or null. */
    private Long newestOfStudy(List<TraceInfo> stored) {
        List<Long> ids = studyTraces.get();
        for (int i = ids.size() - 1; i >= 0; i--) {
            long id = ids.get(i);
            if (stored.stream().anyMatch(t -> t.id() == id)) {
                return id;
            }
        }
        return null;
    }

    /** Traces the command line stored (or a demo simulation finished) since the list was read. */
    @Override
    public void refreshFromStore() {
        refresh(null);
    }

    private void show(TraceInfo trace) {
        if (current != null && trace != null && current.traceProperty().get() != null
                && current.traceProperty().get().id() == trace.id()) {
            return; // the list was read again; the same trace stays open where the user left it
        }
        if (current != null) {
            current.close();
            current = null;
        }
        if (trace == null) {
            return;
        }
        current = new TimelineViewModel(store, trace.id(), Platform::runLater);
        setCenter(new TimelineView(current));
        current.open();
    }

    private void chooseAndImport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a trace");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Traces", "*.json", "*.json.gz", "*.gz", "*.sqlite", "*.db"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            importFile(file.toPath());
        }
    }

    /** Imports a file in the background and selects the new trace; a malformed file is reported and stores nothing. */
    public void importFile(Path file) {
        cancelImport.set(false);
        message.setText("Importing " + file.getFileName() + "\u2026");
        ProgressListener listener = new ProgressListener() {
            private long lastUpdateNs;

            @Override
            public void progress(double fraction, String text) {
                long now = System.nanoTime();
                if (now - lastUpdateNs > 100_000_000L) {
                    lastUpdateNs = now;
                    Platform.runLater(() -> message.setText(String.format("%s: %.0f%% %s", file.getFileName(), fraction * 100, text)));
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelImport.get();
            }
        };
        background.execute(() -> {
            try {
                String name = file.getFileName().toString();
                io.fleetwise.planner.ingest.InputFiles.requireRegularFile(file, "Trace file", Long.MAX_VALUE);
                ImportResult r = isSqlite(file)
                        ? new NsysSqliteImporter(store).importFile(file, name, null, listener)
                        : new ChromeTraceImporter(store).importFile(file, name, null, listener);
                String report = r.report().summary();
                Platform.runLater(() -> {
                    message.setText("Imported " + name + ": " + report);
                    message.setTooltip(new javafx.scene.control.Tooltip(report));
                });
                refresh(r.trace().id());
            } catch (TraceFormatException | IOException e) {
                Platform.runLater(() -> message.setText("Not imported (nothing was stored): " + e.getMessage()));
            } catch (java.util.concurrent.CancellationException e) {
                Platform.runLater(() -> message.setText("Import cancelled; nothing was stored."));
            } catch (io.fleetwise.planner.ingest.InputException e) {
                Platform.runLater(() -> message.setText("Not imported (nothing was stored): " + e.getMessage()));
            } catch (RuntimeException e) {
                Platform.runLater(() -> message.setText("Import failed (nothing was stored): unexpected error "
                        + e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        });
    }

    private static boolean isSqlite(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(16), "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static final class TraceCell extends ListCell<TraceInfo> {
        @Override
        protected void updateItem(TraceInfo t, boolean empty) {
            super.updateItem(t, empty);
            setText(empty || t == null ? null : "#" + t.id() + " " + t.name() + " (" + t.eventCount() + " events)");
        }
    }
}
