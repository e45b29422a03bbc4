package io.fleetwise.views.reports;

import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.reports.ReportExporter;
import io.fleetwise.reports.ReportInput;
import io.fleetwise.reports.ReportSection;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The Reports area: pick a study, the sections and the formats, export in the background with progress, and
 * list the files written. Knows nothing of the store: the study list and the report data come in as functions.
 */
public final class ReportsViewModel {

    /** Computes a study's report data (slow: may run the allocator on simulated throughputs). */
    @FunctionalInterface
    public interface ReportPreparer {
        ReportInput prepare(String studyName, ProgressListener progress) throws Exception;
    }

    private final Supplier<List<String>> studyNames;
    private final ReportPreparer preparer;
    private final TaskExecutor executor;
    private final Executor uiThread;
    private final AtomicLong lastProgressNs = new AtomicLong();

    private final ObservableList<String> studies = FXCollections.observableArrayList();
    private final StringProperty selectedStudy = new SimpleStringProperty();
    private final Map<ReportSection, BooleanProperty> sections = new EnumMap<>(ReportSection.class);
    private final BooleanProperty pdf = new SimpleBooleanProperty(true);
    private final BooleanProperty csv = new SimpleBooleanProperty(true);
    private final BooleanProperty png = new SimpleBooleanProperty(false);
    /** Off: sections the study has no results for are left out of the PDF (its title page says which). */
    private final BooleanProperty includeEmpty = new SimpleBooleanProperty(false);
    private final ObjectProperty<Path> outputDirectory = new SimpleObjectProperty<>();
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<Path> writtenFiles = FXCollections.observableArrayList();
    private TaskHandle handle;

    /** @param uiThread where property updates from the worker go (Platform::runLater; Runnable::run in tests) */
    public ReportsViewModel(Supplier<List<String>> studyNames, ReportPreparer preparer, TaskExecutor executor,
                            Executor uiThread, Path defaultOutputDirectory) {
        this.studyNames = Objects.requireNonNull(studyNames, "studyNames");
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        for (ReportSection s : ReportSection.values()) {
            sections.put(s, new SimpleBooleanProperty(true));
        }
        outputDirectory.set(defaultOutputDirectory);
        refreshStudies();
    }

    public void refreshStudies() {
        String previous = selectedStudy.get();
        studies.setAll(studyNames.get());
        selectedStudy.set(previous != null && studies.contains(previous) ? previous
                : studies.isEmpty() ? null : studies.get(0));
    }

    /** Why export cannot start now, or empty when it can. */
    public String problem() {
        if (selectedStudy.get() == null || selectedStudy.get().isBlank()) {
            return "Choose a study.";
        }
        if (!pdf.get() && !csv.get() && !png.get()) {
            return "Choose at least one format: PDF, CSV or PNG.";
        }
        if (pdf.get() && chosenSections().isEmpty()) {
            return "Choose at least one section for the PDF.";
        }
        if (outputDirectory.get() == null) {
            return "Choose a folder to write to.";
        }
        return "";
    }

    public void export() {
        String why = problem();
        if (!why.isEmpty()) {
            status.set(why);
            return;
        }
        if (running.get()) {
            return;
        }
        String study = selectedStudy.get();
        Path dir = outputDirectory.get();
        Set<ReportSection> chosen = chosenSections();
        boolean wantPdf = pdf.get();
        boolean wantCsv = csv.get();
        boolean wantPng = png.get();
        boolean includeEmptyChoice = includeEmpty.get();
        String stem = fileStem(study);
        running.set(true);
        progress.set(0);
        writtenFiles.clear();
        status.set("Preparing the report for '" + study + "'...");
        handle = BackgroundTask.<List<Path>>wrap("Report for " + study, listener -> {
            ReportInput input = preparer.prepare(study, scaled(listener, 0, 0.8));
            List<Path> files = new ArrayList<>();
            if (wantPdf) {
                files.add(ReportExporter.pdf(input, chosen, includeEmptyChoice, dir.resolve(stem + ".pdf"),
                        scaled(listener, 0.8, 0.95)));
            }
            if (wantCsv) {
                files.addAll(ReportExporter.csv(input, dir.resolve(stem + "-csv")));
            }
            if (wantPng) {
                files.addAll(ReportExporter.png(input, dir.resolve(stem + "-png")));
            }
            listener.progress(1.0, "Done");
            return files;
        }).onSuccess(files -> {
            writtenFiles.setAll(files);
            progress.set(1.0);
            status.set("Wrote " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " to " + dir);
        }).onFailure(error -> status.set("Report failed: " + (error.getMessage() == null
                ? error.getClass().getSimpleName() : error.getMessage())))
                .onCancelled(() -> status.set("Report cancelled; nothing half-written was kept."))
                .onFinished(() -> running.set(false))
                .executeWith(executor);
    }

    public void cancel() {
        if (handle != null) {
            handle.cancel();
        }
    }

    /** Forwards to the executor's listener and, at most every 100 ms, to this area's bar and status line. */
    private ProgressListener scaled(ProgressListener outer, double from, double to) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                double overall = from + (to - from) * Math.max(0, Math.min(1, fraction));
                outer.progress(overall, message);
                long now = System.nanoTime();
                long last = lastProgressNs.get();
                if (now - last >= 100_000_000L && lastProgressNs.compareAndSet(last, now)) {
                    uiThread.execute(() -> {
                        if (running.get()) {
                            progress.set(overall);
                            status.set(message);
                        }
                    });
                }
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }

    public Set<ReportSection> chosenSections() {
        Set<ReportSection> chosen = EnumSet.noneOf(ReportSection.class);
        sections.forEach((s, on) -> {
            if (on.get()) {
                chosen.add(s);
            }
        });
        return chosen;
    }

    static String fileStem(String study) {
        String stem = study.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return "report-" + (stem.isEmpty() ? "study" : stem);
    }

    public ObservableList<String> studies() {
        return studies;
    }

    public StringProperty selectedStudyProperty() {
        return selectedStudy;
    }

    public BooleanProperty sectionProperty(ReportSection section) {
        return sections.get(section);
    }

    public BooleanProperty includeEmptySectionsProperty() {
        return includeEmpty;
    }

    public BooleanProperty pdfProperty() {
        return pdf;
    }

    public BooleanProperty csvProperty() {
        return csv;
    }

    public BooleanProperty pngProperty() {
        return png;
    }

    public ObjectProperty<Path> outputDirectoryProperty() {
        return outputDirectory;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObservableList<Path> writtenFiles() {
        return writtenFiles;
    }
}
