package io.fleetwise.views.execute;

import java.util.Objects;
import java.util.Map;
import java.util.LinkedHashMap;
import io.fleetwise.planner.plan.PlanStore;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.ExecutionResultJson;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.profiler.ExecutionReport;
import io.fleetwise.profiler.Profiler;
import io.fleetwise.profiler.compare.IterationComparison;
import io.fleetwise.profiler.compare.OperatorComparison;
import io.fleetwise.datastore.calibration.StoredCalibration;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Execute area: the devices found (with the plain reason when there is no GPU), the plan (model, TP/PP,
 * device) and the schedule to run (the first iterations of a small simulation), Run and Cancel with
 * progress, measured against predicted per operator class and per iteration, and calibration of the
 * chosen device. Work runs as background tasks; results land through {@code uiThread}. Never touches a Node.
 */
public final class ExecuteViewModel {
    private final Profiler profiler;
    private final Supplier<Catalog> catalog;
    private final TaskExecutor executor;
    private final Executor uiThread;

    private final ObservableList<String> deviceLines = FXCollections.observableArrayList();
    private final ObservableList<String> deviceChoices = FXCollections.observableArrayList();
    private final ObservableList<String> modelNames = FXCollections.observableArrayList();
    private final ObservableList<String> presets = FXCollections.observableArrayList(LengthPresets.names());
    private final ReadOnlyStringWrapper noGpuReason = new ReadOnlyStringWrapper(this, "noGpuReason", "");

    private final StringProperty modelName = new SimpleStringProperty(this, "modelName");
    private final StringProperty device = new SimpleStringProperty(this, "device", "cpu");
    private final IntegerProperty tensorParallel = new SimpleIntegerProperty(this, "tensorParallel", 1);
    private final IntegerProperty pipelineParallel = new SimpleIntegerProperty(this, "pipelineParallel", 1);
    private final IntegerProperty expertParallel = new SimpleIntegerProperty(this, "expertParallel", 1);
    private final StringProperty preset = new SimpleStringProperty(this, "preset", "chat");
    private final StringProperty rateText = new SimpleStringProperty(this, "rateText", "10");
    private final IntegerProperty iterations = new SimpleIntegerProperty(this, "iterations", 4);
    private final IntegerProperty maxBatchTokens = new SimpleIntegerProperty(this, "maxBatchTokens", 64);

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "No run yet.");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper(this, "statusIsError", false);
    private final ReadOnlyStringWrapper scheduleSummary = new ReadOnlyStringWrapper(this, "scheduleSummary", "");
    private final ReadOnlyStringWrapper traceNote = new ReadOnlyStringWrapper(this, "traceNote", "");
    private final ReadOnlyStringWrapper measurementNote = new ReadOnlyStringWrapper(this, "measurementNote", "");
    private final ReadOnlyStringWrapper calibrationInfo = new ReadOnlyStringWrapper(this, "calibrationInfo", "");
    private final ReadOnlyObjectWrapper<ExecutionReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ObservableList<OperatorComparison> operatorRows = FXCollections.observableArrayList();
    private final ObservableList<IterationComparison> iterationRows = FXCollections.observableArrayList();

    private final Supplier<CalibrationSet> calibration;
    private TaskHandle current;
    private Runnable calibrationsChanged = () -> {
    };
    /** The hand-off whose planned replica's schedule Run executes while the form still shows its shard. */
    private ExecutionRequest handOff;
    /** The hand-off the running execution came from (kept while it runs, though the form may change). */
    private ExecutionRequest planRequest;
    private PlanStore planStore = PlanStore.NONE;

    /** @param calibration the calibrations the planner predicts with now (a planned replica's schedule is simulated with them) */
    public ExecuteViewModel(Profiler profiler, Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration,
                            TaskExecutor executor, Executor uiThread) {
        this.profiler = profiler;
        this.catalog = catalog;
        this.calibration = calibration;
        this.executor = executor;
        this.uiThread = uiThread;
        refreshModels();
        refreshDevices();
    }

    /**
     * Loads the latest request another area sent (Plans' "Execute this plan") and every later one into the form.
     * Returns this.
     */
    /**
     * Lets each finished run be recorded in the open study through {@code editor} ({@code CurrentStudy::edit}): its
     * profile id joins the study's runs, its trace id the study's traces, and its comparison the study's
     * {@code results.executions}, which the report's predicted-vs-measured section shows. Returns this.
     */
    public ExecuteViewModel recordIn(io.fleetwise.views.fleet.FleetViewModel.StudyEditor editor) {
        this.studyEditor = java.util.Objects.requireNonNull(editor, "editor");
        return this;
    }

    private io.fleetwise.views.fleet.FleetViewModel.StudyEditor studyEditor;

    private void storeInStudy(ExecutionReport r) {
        if (studyEditor == null) {
            return;
        }
        String runModel = modelName.get();
        studyEditor.edit(doc -> doc.withResult(ExecutionResultJson.KEY, ExecutionResultJson.append(
                doc.results().get(ExecutionResultJson.KEY), studyRun(runModel, r))).withRunId(r.profileId())
                .withTraceId(r.trace().id()));
    }

    /** The run as the study keeps it: whole run ({@code total}) and each operator class, predicted and measured. */
    private static ExecutionResultJson.Run studyRun(String model, ExecutionReport r) {
        List<ExecutionResultJson.Row> rows = new java.util.ArrayList<>();
        rows.add(new ExecutionResultJson.Row("total", r.comparison().predictedTotalMs(), r.comparison().measuredTotalMs()));
        for (OperatorComparison c : r.comparison().byOperator()) {
            rows.add(new ExecutionResultJson.Row(c.operatorClass().name(), c.predictedMs(), c.measuredMs()));
        }
        return new ExecutionResultJson.Run(r.profileId(), r.trace().id(), r.trace().name(), model,
                r.comparison().measuredOn(), r.comparison().profileName(), rows);
    }

    public ExecuteViewModel receiveFrom(ExecutionRequests requests) {
        requests.latestProperty().addListener((o, a, b) -> {
            if (b != null) {
                load(b);
            }
        });
        if (requests.latestProperty().get() != null) {
            load(requests.latestProperty().get());
        }
        return this;
    }

    /** Called after a calibration is stored, so the planner's areas predict with it from then on. Returns this. */
    public ExecuteViewModel onCalibrationStored(Runnable action) {
        this.calibrationsChanged = action;
        return this;
    }

    /** Fills the form from {@code request}: model, TP/PP/EP and the workload of its simulated schedule. */
    public void load(ExecutionRequest request) {
        if (!modelNames.contains(request.modelName())) {
            refreshModels();
        }
        if (!modelNames.contains(request.modelName())) {
            fail("Execute: model " + request.modelName() + " from " + request.source() + " cannot run here (MLA models are not supported)");
            return;
        }
        modelName.set(request.modelName());
        tensorParallel.set(request.tp());
        pipelineParallel.set(request.pp());
        expertParallel.set(request.ep());
        if (presets.contains(request.lengthPreset())) {
            preset.set(request.lengthPreset());
        }
        rateText.set(String.format(Locale.ROOT, "%.4g", request.ratePerReplicaPerS()));
        maxBatchTokens.set(request.maxBatchTokens());
        handOff = request;
        statusIsError.set(false);
        status.set("Loaded " + request.source() + ": " + request.modelName() + " TP" + request.tp() + " PP" + request.pp()
                + " EP" + request.ep() + ", " + request.lengthPreset() + " at " + rateText.get() + " req/s per replica, "
                + request.maxBatchTokens() + " tokens per iteration. Choose the device and Run.");
        scheduleSummary.set(request.replica() == null ? "" : "Schedule: the planned replica's (" + request.replica().label()
                + ") first iterations, simulated as the planner simulates it.");
    }

    public void refreshModels() {
        List<ModelSpec> models = catalog.get().models().stream().filter(m -> !m.isMla()).toList();
        List<String> names = models.stream().map(ModelSpec::name).toList();
        modelNames.setAll(names);
        if (modelName.get() == null || !names.contains(modelName.get())) {
            modelName.set(defaultModel(models));
        }
    }

    /**
     * The model the form opens on: on the CPU device the smallest in the catalog (a plain-Java device holds a small
     * model only, e.g. SmolLM2-135M), on a GPU the first.
     */
    private String defaultModel(List<ModelSpec> models) {
        if (models.isEmpty()) {
            return null;
        }
        if (!"cpu".equals(device.get())) {
            return models.get(0).name();
        }
        return models.stream().min(java.util.Comparator.comparingDouble(ModelSpec::totalParams)).orElseThrow().name();
    }

    /** Device discovery is quick (a failed native load or a driver query), so it runs where it is called. */
    public void refreshDevices() {
        Profiler.DeviceList found = profiler.deviceList();
        deviceLines.setAll(found.lines());
        noGpuReason.set(found.noGpuReason().isEmpty() ? "" : found.noGpuReason() + " - the CPU device runs the same operations in plain Java.");
        deviceChoices.setAll(found.choices());
        if (!deviceChoices.contains(device.get())) {
            device.set("cpu");
        }
        updateCalibrationInfo();
    }

    private void updateCalibrationInfo() {
        try {
            calibrationInfo.set(profiler.latestCalibration(device.get())
                    .map(c -> String.format(Locale.ROOT, "Calibrated: %s version %d (%s, %d cases, fit error %.1f%%)", c.deviceKey(),
                            c.version(), c.createdAt(), c.sweepPoints(), c.fitRmsLogError() * 100))
                    .orElse("Not calibrated: predictions use the built-in H100 curves on this device's peaks."));
        } catch (IllegalArgumentException e) {
            calibrationInfo.set(e.getMessage());
        }
    }

    public void selectDevice(String choice) {
        device.set(choice);
        updateCalibrationInfo();
    }

    public void run() {
        if (running.get()) {
            return;
        }
        double rate;
        try {
            rate = Double.parseDouble(rateText.get().trim());
        } catch (NumberFormatException e) {
            fail("Rate: '" + rateText.get() + "' is not a number of requests per second");
            return;
        }
        String model = modelName.get();
        if (model == null) {
            fail("Choose a model");
            return;
        }
        int tp = tensorParallel.get(), pp = pipelineParallel.get(), ep = expertParallel.get(), n = iterations.get(), budget = maxBatchTokens.get();
        String dev = device.get(), lengths = preset.get();
        Catalog cat = catalog.get();
        CalibrationSet calibrations = calibration.get();
        io.fleetwise.planner.model.ReplicaConfig planned = plannedReplica(model, tp, pp, ep, lengths, rate, budget);
        // only a run of exactly the handed-over shard is a run of the plan
        planRequest = planned != null ? handOff : null;
        start("Executing " + model + " TP" + tp + " PP" + pp + " on " + dev);
        current = BackgroundTask.wrap("Execute " + model + " on " + dev, listener -> {
            ProgressListener l = forward(listener);
            ModelSpec spec = cat.model(model);
            return planned != null
                    ? profiler.executePlanSchedule(spec, planned, calibrations, dev, lengths, rate, n, null, l)
                    : profiler.executeSimulated(spec, tp, pp, ep, dev, budget, lengths, rate, n, null, l);
        }).onSuccess(this::show)
                .onFailure(e -> fail(message(e)))
                .onCancelled(() -> {
                    status.set("Cancelled: nothing was stored.");
                    statusIsError.set(false);
                })
                .onFinished(() -> running.set(false))
                .executeWith(executor);
    }

    public void calibrate() {
        if (running.get()) {
            return;
        }
        String dev = device.get();
        start("Calibrating " + dev);
        current = BackgroundTask.wrap("Calibrate " + dev, listener -> profiler.calibrate(dev, forward(listener)))
                .onSuccess((StoredCalibration c) -> {
                    status.set(String.format(Locale.ROOT, "Stored calibration %d (%s version %d) from %d sweep cases; predictions use it from now on.",
                            c.id(), c.deviceKey(), c.version(), c.sweepPoints()));
                    statusIsError.set(false);
                    progress.set(1);
                    updateCalibrationInfo();
                    calibrationsChanged.run();
                })
                .onFailure(e -> fail(message(e)))
                .onCancelled(() -> status.set("Calibration cancelled: nothing was stored."))
                .onFinished(() -> running.set(false))
                .executeWith(executor);
    }

    /** The hand-off's replica while the form still shows exactly its shard and workload; else null (device schedule). */
    private io.fleetwise.planner.model.ReplicaConfig plannedReplica(String model, int tp, int pp, int ep, String lengths, double rate,
                                                                    int budget) {
        ExecutionRequest h = handOff;
        if (h == null || h.replica() == null || !h.modelName().equals(model) || h.tp() != tp || h.pp() != pp || h.ep() != ep
                || !h.lengthPreset().equals(lengths) || h.maxBatchTokens() != budget
                || Math.abs(rate - h.ratePerReplicaPerS()) > 1e-3 * Math.max(1, h.ratePerReplicaPerS())) {
            return null;
        }
        return h.replica();
    }

    public void cancel() {
        if (current != null) {
            current.cancel();
        }
    }

    private void start(String what) {
        running.set(true);
        progress.set(0);
        status.set(what + "...");
        statusIsError.set(false);
    }

    private void show(ExecutionReport r) {
        report.set(r);
        storeInStudy(r);
        attachToPlan(r);
        operatorRows.setAll(r.comparison().byOperator());
        iterationRows.setAll(r.comparison().byIteration());
        scheduleSummary.set(describe(r.comparison().byIteration()));
        progress.set(1);
        statusIsError.set(false);
        status.set(String.format(Locale.ROOT, "Done: measured %.2f ms, predicted %.2f ms (%+.1f%%) over %d iterations; predicted with %s.",
                r.comparison().measuredTotalMs(), r.comparison().predictedTotalMs(), r.comparison().totalErrorPct(),
                r.comparison().byIteration().size(), r.comparison().profileName()));
        traceNote.set("Trace " + r.trace().id() + " \"" + r.trace().name() + "\" is stored: in the Timeline area choose it in the Trace list. "
                + "Profile " + r.profileId() + " holds every operation's time.");
        String collectives = r.allReduceRanForReal()
                ? " The TP all-reduces ran for real between the " + r.tensorParallel() + " devices (ring over peer copies); other collectives are modelled."
                : " Collectives of other GPUs are modelled, not run.";
        measurementNote.set((r.cpuDevice()
                ? "Measured on the CPU device (plain Java): these are the CPU device's times, not a GPU's."
                : "Measured on " + r.deviceName() + " with CUDA events.") + collectives);
    }

    /** A run of a stored plan attaches to it: measured next to predicted, with the trace to look at. */
    private void attachToPlan(ExecutionReport r) {
        ExecutionRequest from = planRequest;
        if (from == null || from.planId() <= 0) {
            return;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("measuredMs", r.comparison().measuredTotalMs());
        metrics.put("predictedMs", r.comparison().predictedTotalMs());
        metrics.put("errorPct", r.comparison().totalErrorPct());
        metrics.put("iterations", (double) r.comparison().byIteration().size());
        String label = "one GPU's shard of " + (from.replica() == null ? "TP" + from.tp() : from.replica().label())
                + " on " + r.deviceName() + ", " + r.comparison().byIteration().size() + " iterations";
        try {
            planStore.attachRun(from.planId(), PlanStore.PlanRun.EXECUTION, label, metrics, r.trace().id());
        } catch (RuntimeException e) {
            fail("Measured, but the run could not be attached to plan #" + from.planId() + ": " + e.getMessage());
        }
    }

    /** Lets runs of a plan handed over from Plans attach to the plan's row. Returns this. */
    public ExecuteViewModel attachRunsTo(PlanStore store) {
        this.planStore = Objects.requireNonNull(store, "store");
        return this;
    }

    private void fail(String message) {
        status.set(message);
        statusIsError.set(true);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String describe(List<IterationComparison> iterations) {
        StringBuilder sb = new StringBuilder("Schedule: the simulated replica's first " + iterations.size() + " iterations (");
        for (int i = 0; i < iterations.size() && i < 4; i++) {
            sb.append(i == 0 ? "" : "; ").append(iterations.get(i).batch());
        }
        return sb.append(iterations.size() > 4 ? "; ...)" : ")").toString();
    }

    private ProgressListener forward(ProgressListener taskListener) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                taskListener.progress(fraction, message);
                uiThread.execute(() -> {
                    progress.set(fraction);
                    status.set(message);
                });
            }

            @Override
            public boolean isCancelled() {
                return taskListener.isCancelled();
            }
        };
    }

    public ObservableList<String> deviceLines() { return deviceLines; }
    public ObservableList<String> deviceChoices() { return deviceChoices; }
    public ObservableList<String> modelNames() { return modelNames; }
    public ObservableList<String> presets() { return presets; }
    public ReadOnlyStringProperty noGpuReasonProperty() { return noGpuReason.getReadOnlyProperty(); }
    public StringProperty modelNameProperty() { return modelName; }
    public StringProperty deviceProperty() { return device; }
    public IntegerProperty tensorParallelProperty() { return tensorParallel; }
    public IntegerProperty pipelineParallelProperty() { return pipelineParallel; }
    public IntegerProperty expertParallelProperty() { return expertParallel; }
    public StringProperty presetProperty() { return preset; }
    public StringProperty rateTextProperty() { return rateText; }
    public IntegerProperty iterationsProperty() { return iterations; }
    public IntegerProperty maxBatchTokensProperty() { return maxBatchTokens; }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty statusIsErrorProperty() { return statusIsError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty scheduleSummaryProperty() { return scheduleSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty traceNoteProperty() { return traceNote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty measurementNoteProperty() { return measurementNote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty calibrationInfoProperty() { return calibrationInfo.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ExecutionReport> reportProperty() { return report.getReadOnlyProperty(); }
    public ObservableList<OperatorComparison> operatorRows() { return operatorRows; }
    public ObservableList<IterationComparison> iterationRows() { return iterationRows; }
}
