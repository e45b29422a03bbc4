package io.fleetwise.views.calibrate;

import io.fleetwise.datastore.engine.EngineFitRepository;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.sim.RouterPolicy;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.profiler.runs.RunCalibration;
import io.fleetwise.profiler.runs.RunResidual;
import io.fleetwise.profiler.runs.ServingDeployment;
import io.fleetwise.views.common.RunStatus;
import io.fleetwise.views.common.ThrottledProgress;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Calibrate from serving runs (the Execute area): the user lists measured runs (benchmark result files, or a vLLM
 * /metrics snapshot with the requests it served), says what served them, and fits the engine profile to them in the
 * background with progress, time left and cancel ({@link RunCalibration}, the same workflow as
 * {@code fleetwise calibrate --from-runs}). The result shows each run's in-sample and held-out errors and the fitted
 * parameters; the fit is stored as the engine's next version. Never touches a Node.
 */
public final class RunCalibrationViewModel {
    private final Supplier<Catalog> catalog;
    private final Supplier<CalibrationSet> baseCalibration;
    private final ObservableList<String> engines = FXCollections.observableArrayList();
    private final EngineFitRepository repository;
    private final TaskExecutor executor;
    private final Executor uiThread;

    private final ObservableList<String> runFiles = FXCollections.observableArrayList();
    private final ObservableList<String> modelNames = FXCollections.observableArrayList();
    private final ObservableList<String> gpuNames = FXCollections.observableArrayList();
    private final StringProperty modelName = new SimpleStringProperty(this, "modelName");
    private final StringProperty gpuName = new SimpleStringProperty(this, "gpuName");
    private final IntegerProperty tensorParallel = new SimpleIntegerProperty(this, "tensorParallel", 1);
    private final IntegerProperty replicas = new SimpleIntegerProperty(this, "replicas", 1);
    private final ObjectProperty<SchedulerKind> scheduler = new SimpleObjectProperty<>(this, "scheduler", SchedulerKind.SARATHI);
    private final StringProperty maxNumSeqsText = new SimpleStringProperty(this, "maxNumSeqsText", "256");
    private final StringProperty maxBatchedTokensText = new SimpleStringProperty(this, "maxBatchedTokensText", "");
    private final StringProperty gpuMemoryUtilizationText = new SimpleStringProperty(this, "gpuMemoryUtilizationText", "0.90");
    private final StringProperty engine = new SimpleStringProperty(this, "engine");
    private final StringProperty label = new SimpleStringProperty(this, "label", "");

    private final ReadOnlyStringWrapper validationMessage = new ReadOnlyStringWrapper(this, "validationMessage", "");
    private final ReadOnlyBooleanWrapper canFit = new ReadOnlyBooleanWrapper(this, "canFit", false);
    private final ReadOnlyStringWrapper resultSummary = new ReadOnlyStringWrapper(this, "resultSummary", "");
    private final RunStatus runStatus = new RunStatus(this, "Add measured runs, say what served them, then Fit.");
    private final ObservableList<RunRow> runRows = FXCollections.observableArrayList();
    private final ObservableList<ParameterRow> parameterRows = FXCollections.observableArrayList();

    private TaskHandle current;
    private long startedNs;
    private Runnable stored = () -> { };

    /**
     * @param baseCalibration the kernel calibrations and the engine profile a fit starts from: the engine's published
     *                        host costs (not an earlier fit, so fits do not compound)
     */
    public RunCalibrationViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> baseCalibration,
                                   EngineFitRepository repository, TaskExecutor executor, Executor uiThread) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.baseCalibration = Objects.requireNonNull(baseCalibration, "baseCalibration");
        // every serving engine can be fitted; the plan's engine is offered first
        engines.setAll(EngineProfiles.servingEngines().stream().map(EngineProfile::id).toList());
        String planEngine = baseCalibration.get().engine().id();
        engine.set(engines.contains(planEngine) ? planEngine : engines.get(0));
        this.repository = Objects.requireNonNull(repository, "repository");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        Observable[] inputs = {runFiles, modelName, gpuName, tensorParallel, replicas, scheduler, maxNumSeqsText,
                maxBatchedTokensText, gpuMemoryUtilizationText, engine, runStatus.runningProperty()};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        Catalog c = catalog.get();
        modelNames.setAll(c.models().stream().map(ModelSpec::name).toList());
        gpuNames.setAll(c.gpus().stream().map(GpuType::name).toList());
        modelName.set(modelNames.contains("Llama-3.1-8B") ? "Llama-3.1-8B" : modelNames.isEmpty() ? null : modelNames.get(0));
        gpuName.set(gpuNames.contains("H100-SXM") ? "H100-SXM" : gpuNames.isEmpty() ? null : gpuNames.get(0));
        validate();
    }

    /** Called after a fit is stored, so the planner's areas can pick it up. Returns this. */
    public RunCalibrationViewModel onStored(Runnable action) {
        this.stored = Objects.requireNonNull(action, "action");
        return this;
    }

    /** Adds benchmark result files (vllm bench serve JSON, sglang bench_serving JSONL). */
    public void addResultFiles(List<Path> files) {
        for (Path f : files) {
            String s = f.toString();
            if (!runFiles.contains(s)) {
                runFiles.add(s);
            }
        }
    }

    /** Adds a vLLM /metrics snapshot with the list of requests the server served. */
    public void addPrometheusSnapshot(Path metrics, Path requests) {
        String s = metrics + "=" + requests;
        if (!runFiles.contains(s)) {
            runFiles.add(s);
        }
    }

    /** A run entry as the list shows it: file names only ("metrics.prom = requests.jsonl" for a snapshot). */
    public static String shortName(String entry) {
        String[] parts = entry.split("=", 2);
        String first = Path.of(parts[0]).getFileName().toString();
        return parts.length == 1 ? first : first + " = " + Path.of(parts[1]).getFileName();
    }

    public void removeRunFile(String entry) {
        runFiles.remove(entry);
    }

    private record Inputs(ServingDeployment deployment, List<String> files, String engine) {
    }

    private Inputs validate() {
        try {
            Inputs in = checkedInputs();
            validationMessage.set("");
            canFit.set(!runStatus.isRunning());
            return in;
        } catch (IllegalArgumentException e) {
            validationMessage.set(e.getMessage());
            canFit.set(false);
            return null;
        }
    }

    private Inputs checkedInputs() {
        if (runFiles.isEmpty()) {
            throw new IllegalArgumentException("Add at least one measured run.");
        }
        for (String entry : runFiles) {
            for (String part : entry.split("=", 2)) {
                if (!Files.isRegularFile(Path.of(part))) {
                    throw new IllegalArgumentException("Run file " + part + " does not exist.");
                }
            }
        }
        Catalog c = catalog.get();
        if (modelName.get() == null || gpuName.get() == null) {
            throw new IllegalArgumentException("Choose the model and the GPU type that served the runs.");
        }
        ModelSpec model = c.model(modelName.get());
        GpuType gpu = c.gpu(gpuName.get());
        int tp = tensorParallel.get();
        if (tp < 1 || model.numAttentionHeads() % tp != 0) {
            throw new IllegalArgumentException("TP " + tp + " does not divide " + model.name() + "'s "
                    + model.numAttentionHeads() + " attention heads.");
        }
        if (replicas.get() < 1) {
            throw new IllegalArgumentException("Replicas must be at least 1, was " + replicas.get() + ".");
        }
        int seqs = whole("Max sequences", maxNumSeqsText.get(), 1, 65_536);
        SchedulerKind kind = scheduler.get() == null ? SchedulerKind.SARATHI : scheduler.get();
        BatchingPolicy policy = BatchingPolicy.of(kind).withMaxNumSeqs(seqs)
                .withGpuMemoryUtilization(fraction("GPU memory utilization", gpuMemoryUtilizationText.get()));
        String budget = maxBatchedTokensText.get() == null ? "" : maxBatchedTokensText.get().trim();
        if (!budget.isEmpty()) {
            policy = policy.withMaxBatchedTokens(whole("Max batched tokens", budget, 1, 1 << 20));
        }
        ReplicaConfig replica = ReplicaConfig.of(gpu, tp).withDtypes(DType.BF16, DType.BF16, DType.BF16).withBatching(policy);
        MemoryPlan memory = MemoryModel.plan(model, replica);
        if (!memory.fits()) {
            throw new IllegalArgumentException(memory.message());
        }
        if (!engines.contains(engine.get())) {
            throw new IllegalArgumentException("Engine profile '" + engine.get() + "' is not one of " + engines + ".");
        }
        return new Inputs(new ServingDeployment(model, replica, replicas.get(), RouterPolicy.LEAST_OUTSTANDING),
                List.copyOf(runFiles), engine.get());
    }

    private static int whole(String field, String text, int min, int max) {
        String t = text == null ? "" : text.trim();
        try {
            int v = Integer.parseInt(t);
            if (v < min || v > max) {
                throw new IllegalArgumentException(field + " must be from " + min + " to " + max + ", was '" + t + "'.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + t + "' is not a whole number.");
        }
    }

    private static double fraction(String field, String text) {
        String t = text == null ? "" : text.trim();
        try {
            double v = Double.parseDouble(t);
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException(field + " must be in (0, 1], was '" + t + "'.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + t + "' is not a number.");
        }
    }

    /** Reads the runs, fits and stores in the background; does nothing when the inputs are invalid. */
    public void fit() {
        Inputs in = validate();
        if (in == null || runStatus.isRunning()) {
            return;
        }
        runRows.clear();
        parameterRows.clear();
        resultSummary.set("");
        RunCalibration.Request request = new RunCalibration.Request(in.files(), in.deployment(),
                baseCalibration.get().withEngine(EngineProfiles.servingEngine(in.engine())), label.get(), true);
        startedNs = System.nanoTime();
        runStatus.start("Fitting " + in.engine() + " to " + in.files().size() + " run file(s) of " + in.deployment().label() + " ...");
        current = BackgroundTask.wrap("Calibrate from serving runs", p -> RunCalibration.run(request, repository,
                        new ThrottledProgress(p, uiThread, this::showProgress, 0, 1)))
                .onSuccess(this::publish)
                .onFailure(e -> runStatus.failed("Fit failed: " + e.getMessage()))
                .onCancelled(() -> runStatus.cancelled("Fit cancelled; nothing was stored."))
                .executeWith(executor);
    }

    public void cancel() {
        if (current != null && runStatus.isRunning()) {
            current.cancel();
        }
    }

    /** Progress with the time left, extrapolated from the time so far. */
    private void showProgress(double fraction, String message) {
        double elapsedS = (System.nanoTime() - startedNs) / 1e9;
        String left = fraction > 0.02 && fraction < 1 ? String.format(Locale.ROOT, " (about %.0f s left)",
                elapsedS * (1 - fraction) / fraction) : "";
        runStatus.showProgress(fraction, message + left);
    }

    private void publish(RunCalibration.Outcome o) {
        List<RunRow> rows = new ArrayList<>();
        for (int i = 0; i < o.runs().size(); i++) {
            var r = o.runs().get(i);
            RunResidual in = o.fit().inSample().get(i);
            RunResidual out = o.fit().leaveOneOut().isEmpty() ? new RunResidual(r.id(), Double.NaN, Double.NaN, Double.NaN)
                    : o.fit().leaveOneOut().get(i);
            rows.add(new RunRow(r.id(), r.format(), r.load().label(), r.requests().size(), in.ttftError(), in.tpotError(),
                    in.throughputError(), out.ttftError(), out.tpotError(), out.throughputError()));
        }
        runRows.setAll(rows);
        List<ParameterRow> params = new ArrayList<>();
        for (Map.Entry<String, Double> e : o.fit().fitted().entrySet()) {
            params.add(new ParameterRow(e.getKey(), o.fit().start().get(e.getKey()), e.getValue()));
        }
        parameterRows.setAll(params);
        String loo = Double.isNaN(o.fit().medianLeaveOneOutError()) ? "no held-out error (one run)"
                : String.format(Locale.ROOT, "median held-out error %.1f%%", 100 * o.fit().medianLeaveOneOutError());
        resultSummary.set(String.join(" ", o.fit().notes()) + ". " + loo + ".");
        runStatus.finished(String.format(Locale.ROOT, "Stored as %s (%s): %d runs, RMS log error %.3f, %s.",
                o.stored().reference(), o.stored().label(), o.runs().size(), o.fit().rmsLogError(), loo));
        stored.run();
    }

    public ObservableList<String> runFiles() { return runFiles; }
    public ObservableList<String> modelNames() { return modelNames; }
    public ObservableList<String> gpuNames() { return gpuNames; }
    /** Engine profiles a fit can start from: every serving engine's published host costs. */
    public ObservableList<String> engines() { return engines; }
    public StringProperty modelNameProperty() { return modelName; }
    public StringProperty gpuNameProperty() { return gpuName; }
    public IntegerProperty tensorParallelProperty() { return tensorParallel; }
    public IntegerProperty replicasProperty() { return replicas; }
    public ObjectProperty<SchedulerKind> schedulerProperty() { return scheduler; }
    public StringProperty maxNumSeqsTextProperty() { return maxNumSeqsText; }
    public StringProperty maxBatchedTokensTextProperty() { return maxBatchedTokensText; }
    public StringProperty gpuMemoryUtilizationTextProperty() { return gpuMemoryUtilizationText; }
    public StringProperty engineProperty() { return engine; }
    public StringProperty labelProperty() { return label; }
    public ReadOnlyStringProperty validationMessageProperty() { return validationMessage.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canFitProperty() { return canFit.getReadOnlyProperty(); }
    public ReadOnlyStringProperty resultSummaryProperty() { return resultSummary.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return runStatus.runningProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return runStatus.progressProperty(); }
    public ReadOnlyStringProperty statusProperty() { return runStatus.statusProperty(); }
    public ReadOnlyBooleanProperty statusIsErrorProperty() { return runStatus.statusIsErrorProperty(); }
    public ObservableList<RunRow> runRows() { return runRows; }
    public ObservableList<ParameterRow> parameterRows() { return parameterRows; }
}
