package io.fleetwise.views.workload;

import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.TraceReaders;
import io.fleetwise.views.study.CurrentStudy;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The Workload and SLO area: model, workload source (preset, generator or trace file) and its settings, and the SLO.
 * Typed values are kept while invalid, with a message per field; valid ones go into the open study as undoable
 * edits. A preview (histograms, arrival rate, allocator buckets) is recomputed off the FX thread after each change.
 */
public final class WorkloadViewModel {

    private final CurrentStudy study;
    private final TaskExecutor executor;
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> presets = FXCollections.observableArrayList(LengthPresets.names());
    private final ObjectProperty<String> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<WorkloadSpec.Source> source = new SimpleObjectProperty<>(this, "source");
    private final ObjectProperty<String> preset = new SimpleObjectProperty<>(this, "preset");
    private final Map<WorkloadField, StringProperty> fieldText = new EnumMap<>(WorkloadField.class);
    private final ObservableMap<WorkloadField, String> fieldErrors = FXCollections.observableMap(new EnumMap<>(WorkloadField.class));
    private final ReadOnlyStringWrapper traceFile = new ReadOnlyStringWrapper(this, "traceFile", "");
    private final ReadOnlyStringWrapper traceMessage = new ReadOnlyStringWrapper(this, "traceMessage", "");
    private final ReadOnlyBooleanWrapper traceMessageIsError = new ReadOnlyBooleanWrapper(this, "traceMessageIsError");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyObjectWrapper<WorkloadPreview> preview = new ReadOnlyObjectWrapper<>(this, "preview");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private boolean refreshing;
    private TaskHandle previewTask;
    private String loadedTracePath;
    private RequestTrace loadedTrace;
    private WorkloadSpec previewedSpec;

    public WorkloadViewModel(CurrentStudy study, TaskExecutor executor) {
        this.study = Objects.requireNonNull(study, "study");
        this.executor = Objects.requireNonNull(executor, "executor");
        for (WorkloadField f : WorkloadField.values()) {
            fieldText.put(f, new SimpleStringProperty(this, f.name(), ""));
        }
        study.catalog().models().stream().map(ModelSpec::name).forEach(models::add);
        model.addListener((o, a, name) -> {
            if (!refreshing && name != null) {
                study.edit(d -> d.withModelName(name));
            }
        });
        source.addListener((o, a, kind) -> {
            if (!refreshing && kind != null) {
                changeSource(kind);
            }
        });
        preset.addListener((o, a, name) -> {
            if (!refreshing && name != null) {
                editWorkload(w -> w.withLengthPreset(name));
            }
        });
        study.documentProperty().addListener((o, old, doc) -> refresh(doc));
        refresh(study.document());
    }

    private void changeSource(WorkloadSpec.Source kind) {
        WorkloadSpec w = study.document().workload();
        if (kind == WorkloadSpec.Source.TRACE && w.traceFile().isBlank()) {
            traceMessageIsError.set(false);
            traceMessage.set("Choose a trace file or drop one here.");
            return;
        }
        editWorkload(x -> x.withSource(kind));
    }

    /** Applies a field's typed text; invalid text stays with a message and the study is unchanged. */
    public boolean commit(WorkloadField field) {
        if (refreshing) {
            return false;
        }
        String text = fieldText.get(field).get().trim();
        StudyDocument doc = study.document();
        try {
            StudyDocument next = apply(doc, field, number(field, text), text);
            fieldErrors.remove(field);
            study.edit(d -> next);
            return true;
        } catch (IllegalArgumentException e) {
            fieldErrors.put(field, e.getMessage());
            return false;
        }
    }

    private StudyDocument apply(StudyDocument doc, WorkloadField field, double v, String text) {
        WorkloadSpec w = doc.workload();
        Slo s = doc.slo();
        switch (field) {
            case RATE_PER_S:
                requirePositive(field, v, text);
                return doc.withWorkload(w.withRatePerS(v));
            case BURSTINESS_CV:
                if (!(v > 0 && v <= 20)) {
                    throw new IllegalArgumentException(field.label() + ": " + text
                            + " is out of range; must be in (0, 20]; 1 is Poisson, above 1 bursty");
                }
                return doc.withWorkload(w.withBurstinessCv(v));
            case DIURNAL_AMPLITUDE_PCT:
                if (!(v >= 0 && v < 100)) {
                    throw new IllegalArgumentException(field.label() + ": " + text
                            + " is out of range; must be in [0, 100)");
                }
                return doc.withWorkload(w.withDiurnalAmplitude(v / 100.0));
            case REQUESTS:
                if (v != Math.rint(v) || v < 1 || v > 5_000_000) {
                    throw new IllegalArgumentException(field.label() + ": " + text
                            + " is out of range; must be a whole number from 1 to 5000000");
                }
                return doc.withWorkload(w.withRequests((int) v));
            case TTFT_MS:
                requirePositive(field, v, text);
                return doc.withSlo(new Slo(v, s.tpotMs(), s.e2eMs(), s.attainment()));
            case TPOT_MS:
                requirePositive(field, v, text);
                return doc.withSlo(new Slo(s.ttftMs(), v, s.e2eMs(), s.attainment()));
            case ATTAINMENT_PCT:
                if (!(v > 0 && v <= 100)) {
                    throw new IllegalArgumentException(field.label() + ": " + text
                            + " is out of range; must be in (0, 100]");
                }
                return doc.withSlo(new Slo(s.ttftMs(), s.tpotMs(), s.e2eMs(), v / 100.0));
            default:
                throw new IllegalStateException("field " + field);
        }
    }

    private static void requirePositive(WorkloadField field, double v, String text) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(field.label() + ": " + text
                            + " is out of range; must be > 0");
        }
    }

    private static double number(WorkloadField field, String text) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field.label() + ": '" + text + "' is not a number");
        }
    }

    private void editWorkload(UnaryOperator<WorkloadSpec> change) {
        try {
            study.edit(d -> d.withWorkload(change.apply(d.workload())));
        } catch (IllegalArgumentException e) {
            traceMessageIsError.set(true);
            traceMessage.set(e.getMessage());
        }
    }

    /**
     * Reads a trace file off the FX thread; on success the study's workload becomes that trace. A bad file leaves
     * the study as it was and the message names the line and field.
     */
    public void importTrace(Path file) {
        busy.set(true);
        traceMessageIsError.set(false);
        traceMessage.set("Reading " + file.getFileName() + "…");
        BackgroundTask.wrap("Read trace " + file.getFileName(), p -> {
                    p.progress(-1, "Reading " + file.getFileName());
                    return TraceReaders.read(file, 0, TraceReaders.ALL);
                })
                .onSuccess(trace -> {
                    busy.set(false);
                    if (trace.size() == 0) {
                        traceMessageIsError.set(true);
                        traceMessage.set(file.getFileName() + ": the file holds no requests (only a header, or empty); "
                                + "the workload is unchanged");
                        return;
                    }
                    String path = file.toAbsolutePath().toString();
                    loadedTracePath = path;
                    loadedTrace = trace;
                    traceMessage.set(String.format(java.util.Locale.ROOT, "Read %,d requests from %s: %s", trace.size(),
                            file.getFileName(), trace.importReport().summary()));
                    editWorkload(w -> w.withTraceFile(path));
                })
                .onFailure(e -> {
                    busy.set(false);
                    traceMessageIsError.set(true);
                    String why = e.getMessage() == null ? e.toString() : e.getMessage();
                    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
                    // I/O errors ("Is a directory", "Permission denied") do not say which file they are about
                    traceMessage.set(why.contains(name) ? why : name + ": " + why);
                })
                .executeWith(executor);
    }

    private void refresh(StudyDocument doc) {
        if (doc == null) {
            return;
        }
        refreshing = true;
        try {
            model.set(doc.modelName().isEmpty() ? null : doc.modelName());
            WorkloadSpec w = doc.workload();
            source.set(w.source());
            preset.set(w.lengthPreset());
            traceFile.set(w.traceFile());
            setUnlessError(WorkloadField.RATE_PER_S, number(w.ratePerS()));
            setUnlessError(WorkloadField.BURSTINESS_CV, number(w.burstinessCv()));
            setUnlessError(WorkloadField.DIURNAL_AMPLITUDE_PCT, number(w.diurnalAmplitude() * 100));
            setUnlessError(WorkloadField.REQUESTS, String.valueOf(w.requests()));
            setUnlessError(WorkloadField.TTFT_MS, number(doc.slo().ttftMs()));
            setUnlessError(WorkloadField.TPOT_MS, number(doc.slo().tpotMs()));
            setUnlessError(WorkloadField.ATTAINMENT_PCT, number(doc.slo().attainment() * 100));
        } finally {
            refreshing = false;
        }
        if (!w(doc).equals(previewedSpec)) {
            recomputePreview(w(doc));
        }
    }

    private static WorkloadSpec w(StudyDocument doc) {
        return doc.workload();
    }

    private void setUnlessError(WorkloadField field, String text) {
        if (!fieldErrors.containsKey(field)) {
            fieldText.get(field).set(text);
        }
    }

    static String number(double v) {
        double rounded = Math.round(v * 1e6) / 1e6;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
    }

    private void recomputePreview(WorkloadSpec spec) {
        previewedSpec = spec;
        if (previewTask != null && !previewTask.isDone()) {
            previewTask.cancel();
        }
        String cachedPath = loadedTracePath;
        RequestTrace cached = loadedTrace;
        previewTask = BackgroundTask.wrap("Workload preview", p -> {
                    RequestTrace trace;
                    if (spec.source() == WorkloadSpec.Source.TRACE && spec.traceFile().equals(cachedPath)) {
                        trace = cached;
                    } else if (spec.source() == WorkloadSpec.Source.GENERATOR && spec.diurnalAmplitude() > 0) {
                        int day = (int) Math.min(1_000_000, Math.ceil(spec.ratePerS() * 86_400));
                        trace = spec.withRequests(Math.max(spec.requests(), day)).trace();
                    } else {
                        trace = spec.trace();
                    }
                    return WorkloadPreview.of(trace);
                })
                .onSuccess(p -> {
                    preview.set(p);
                    summary.set(String.format(java.util.Locale.ROOT,
                            "%,d requests over %.0f s: %.2f requests/s, mean input %.0f tokens, mean output %.0f tokens",
                            p.requests(), p.spanS(), p.meanRatePerS(), p.meanInputTokens(), p.meanOutputTokens()));
                })
                .onFailure(e -> {
                    if (!(e instanceof java.util.concurrent.CancellationException)) {
                        summary.set("No preview: " + e.getMessage());
                    }
                })
                .executeWith(executor);
    }

    public ObservableList<String> models() {
        return models;
    }

    public ObservableList<String> presets() {
        return presets;
    }

    public ObjectProperty<String> modelProperty() {
        return model;
    }

    public ObjectProperty<WorkloadSpec.Source> sourceProperty() {
        return source;
    }

    public ObjectProperty<String> presetProperty() {
        return preset;
    }

    public StringProperty fieldTextProperty(WorkloadField field) {
        return fieldText.get(field);
    }

    public ObservableMap<WorkloadField, String> fieldErrors() {
        return fieldErrors;
    }

    public ReadOnlyStringProperty traceFileProperty() {
        return traceFile.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty traceMessageProperty() {
        return traceMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty traceMessageIsErrorProperty() {
        return traceMessageIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<WorkloadPreview> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
