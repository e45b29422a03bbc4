package io.fleetwise.views.simulate;

import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import javafx.beans.value.ObservableValue;
import io.fleetwise.planner.study.ResultStamp;
import io.fleetwise.planner.study.StudyInputs;
import java.util.Map;
import java.util.LinkedHashMap;
import io.fleetwise.planner.plan.PlanStore;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.service.ReplicaSpec;
import io.fleetwise.planner.service.WorkloadRequest;
import io.fleetwise.planner.service.ServingRules;
import io.fleetwise.planner.service.SimulationService;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.alloc.simulated.ReplicaCandidates;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.LoadMode;
import io.fleetwise.planner.sim.SimulationResult;
import io.fleetwise.planner.sim.SimulationSummary;
import io.fleetwise.planner.study.SimulationResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.TraceReaders;
import io.fleetwise.views.common.RunStatus;
import io.fleetwise.views.common.ThrottledProgress;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import static io.fleetwise.views.common.NumberText.plain;

/**
 * The Simulate area: one model served by identical replicas of one GPU type under a synthetic Poisson
 * workload. Holds every input as a property, validates them live (the message names the field and the
 * value), runs the simulation and then a small throughput-vs-rate sweep as background tasks, and
 * publishes headline metrics, latency CDFs and the sweep. Never touches a Node.
 */
public final class SimulateViewModel {

    /** Sweep rates as multiples of the chosen rate. */
    static final double[] SWEEP_RATE_FACTORS = SimulationService.SWEEP_FACTORS;
    static final int MAX_CONCURRENCY = 100_000;
    static final String RATE_AXIS = "offered rate (req/s)";
    static final String CONCURRENCY_AXIS = "max requests in flight";
    private static final int CDF_POINTS = 300;

    private final Supplier<Catalog> catalog;
    private final Supplier<CalibrationSet> calibration;
    private final SimulationService service;
    private final TaskExecutor executor;
    private final Executor uiThread;

    private final ObservableList<String> modelNames = FXCollections.observableArrayList();
    private final ObservableList<String> gpuNames = FXCollections.observableArrayList();
    /** Workload choices: the length presets with Poisson arrivals, then the built-in Azure 2023 traces. */
    static final String AZURE_CODE = "Azure 2023 code trace";
    static final String AZURE_CONV = "Azure 2023 conversation trace";
    private final ObservableList<String> workloadNames = FXCollections.observableArrayList(workloadChoices());

    private final StringProperty modelName = new SimpleStringProperty(this, "modelName");
    private final StringProperty gpuName = new SimpleStringProperty(this, "gpuName");
    private final IntegerProperty tensorParallel = new SimpleIntegerProperty(this, "tensorParallel", 1);
    private final IntegerProperty pipelineParallel = new SimpleIntegerProperty(this, "pipelineParallel", 1);
    private final IntegerProperty replicas = new SimpleIntegerProperty(this, "replicas", 1);
    private final ObjectProperty<DType> weightDtype = new SimpleObjectProperty<>(this, "weightDtype", DType.BF16);
    /** Set to the engine's scheduler for the model whenever the model changes (see {@link #useEngineDefaults}). */
    private final ObjectProperty<SchedulerKind> scheduler = new SimpleObjectProperty<>(this, "scheduler", SchedulerKind.SARATHI);
    private final StringProperty workload = new SimpleStringProperty(this, "workload", "chat");
    private final StringProperty rateText = new SimpleStringProperty(this, "rateText",
            plain(io.fleetwise.planner.service.SimulationRequest.defaults().workload().ratePerS()));
    private final ObjectProperty<LoadMode.Kind> loadKind = new SimpleObjectProperty<>(this, "loadKind", LoadMode.Kind.OPEN_LOOP);
    private final StringProperty maxConcurrencyText = new SimpleStringProperty(this, "maxConcurrencyText", "64");
    private final ReadOnlyBooleanWrapper rateApplies = new ReadOnlyBooleanWrapper(this, "rateApplies", true);
    private final ReadOnlyBooleanWrapper concurrencyApplies = new ReadOnlyBooleanWrapper(this, "concurrencyApplies", false);
    private final ReadOnlyStringWrapper sweepAxisLabel = new ReadOnlyStringWrapper(this, "sweepAxisLabel", RATE_AXIS);
    private final StringProperty requestsText = new SimpleStringProperty(this, "requestsText",
            Integer.toString(io.fleetwise.planner.service.SimulationRequest.defaults().workload().requests()));
    private final StringProperty sloTtftText = new SimpleStringProperty(this, "sloTtftText",
            plain(io.fleetwise.planner.service.SimulationRequest.DEFAULT_SLO.ttftMs()));
    private final StringProperty sloTpotText = new SimpleStringProperty(this, "sloTpotText",
            plain(io.fleetwise.planner.service.SimulationRequest.DEFAULT_SLO.tpotMs()));
    private final DoubleProperty sloAttainmentTarget = new SimpleDoubleProperty(this, "sloAttainmentTarget", 0.9);
    private final BooleanProperty sweepAfterRun = new SimpleBooleanProperty(this, "sweepAfterRun", true);

    private final ReadOnlyStringWrapper validationMessage = new ReadOnlyStringWrapper(this, "validationMessage", "");
    private final ReadOnlyStringWrapper workloadInfo = new ReadOnlyStringWrapper(this, "workloadInfo", "");
    private final ReadOnlyStringWrapper memoryInfo = new ReadOnlyStringWrapper(this, "memoryInfo", "");
    private final ReadOnlyStringWrapper calibrationInfo = new ReadOnlyStringWrapper(this, "calibrationInfo", "");
    private final RunStatus runStatus = new RunStatus(this, "No run yet.");
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper(this, "canRun", false);

    private final ReadOnlyObjectWrapper<SimulationSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final ReadOnlyDoubleWrapper ttftP50Ms = nan("ttftP50Ms");
    private final ReadOnlyDoubleWrapper ttftP99Ms = nan("ttftP99Ms");
    private final ReadOnlyDoubleWrapper tpotP50Ms = nan("tpotP50Ms");
    private final ReadOnlyDoubleWrapper tpotP99Ms = nan("tpotP99Ms");
    private final ReadOnlyDoubleWrapper outputTokensPerS = nan("outputTokensPerS");
    private final ReadOnlyDoubleWrapper sloAttainment = nan("sloAttainment");
    private final ReadOnlyDoubleWrapper goodputPerS = nan("goodputPerS");
    private final ReadOnlyDoubleWrapper costPerMillionTokensUsd = nan("costPerMillionTokensUsd");
    private final ReadOnlyObjectWrapper<LatencyCdf> ttftCdf = new ReadOnlyObjectWrapper<>(this, "ttftCdf", LatencyCdf.EMPTY);
    private final ReadOnlyObjectWrapper<LatencyCdf> tpotCdf = new ReadOnlyObjectWrapper<>(this, "tpotCdf", LatencyCdf.EMPTY);
    private final ObservableList<RatePoint> ratePoints = FXCollections.observableArrayList();
    private final ObservableList<RatePoint> ratePointsView = FXCollections.unmodifiableObservableList(ratePoints);

    private TaskHandle current;
    /** The plan loaded from another area, while the form still shows it; null otherwise. */
    private SimulationRequest plan;
    private ObservableValue<StudyDocument> study;
    /** The study-inputs fingerprint of the shown result; null when it was not computed for the open study. */
    private String shownFingerprint;
    private final ReadOnlyStringWrapper staleNote = new ReadOnlyStringWrapper(this, "staleNote", "");
    private boolean loading;
    private PlanStore planStore = PlanStore.NONE;
    private final ReadOnlyStringWrapper planInfo = new ReadOnlyStringWrapper(this, "planInfo", "");
    private io.fleetwise.views.fleet.FleetViewModel.StudyEditor studyEditor;

    /**
     * @param catalog     the current catalog (built-in plus the user's price overrides and imported models)
     * @param calibration the calibrations in use now (each run predicts with the set current when it starts)
     * @param service     the simulate workflow every entry point shares
     * @param uiThread where progress updates land (Platform::runLater in the app, Runnable::run in tests)
     */
    public SimulateViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration, SimulationService service,
                             TaskExecutor executor, Executor uiThread) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.service = Objects.requireNonNull(service, "service");
        modelName.addListener((o, before, after) -> useEngineDefaults());
        for (Observable field : new Observable[] {modelName, gpuName, tensorParallel, pipelineParallel, replicas,
                weightDtype, scheduler}) {
            field.addListener(x -> {
                if (!loading && plan != null) {
                    plan = null;
                    planInfo.set("");
                }
            });
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        Observable[] inputs = {modelName, gpuName, tensorParallel, pipelineParallel, replicas, weightDtype, scheduler,
                workload, rateText, loadKind, maxConcurrencyText, requestsText, sloTtftText, sloTpotText,
                sloAttainmentTarget, runStatus.runningProperty()};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        reload();
    }

    /** A view model with its own simulate service on {@code catalog} (tests; the app shares one). */
    public SimulateViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration, TaskExecutor executor,
                             Executor uiThread) {
        this(catalog, calibration, new SimulationService(catalog), executor, uiThread);
    }

    /**
     * The engine's scheduler for the model and the model's own weight format, as {@code fleetwise simulate} uses
     * without options: vLLM V1 and SGLang always chunk prefills, vLLM 0.6 for contexts over 32K (the token budget
     * and the rest of the batching are the engine's on the chosen GPU, see {@code ReplicaSpec}).
     */
    private void useEngineDefaults() {
        Catalog c = catalog.get();
        String name = modelName.get();
        if (name == null || c.models().stream().noneMatch(m -> m.name().equals(name))) {
            return;
        }
        ModelSpec model = c.model(name);
        scheduler.set(calibration.get().engine().defaults().chunksPrefill(model.maxPositionEmbeddings())
                ? SchedulerKind.SARATHI : SchedulerKind.VLLM);
        weightDtype.set(model.nativeWeightDtype());
    }

    /** A view model preset from the open study (see {@link #applyStudy}); {@code study} may be null (none open). */
    public static SimulateViewModel forStudy(StudyDocument study, Supplier<Catalog> catalog,
                                             Supplier<CalibrationSet> calibration, TaskExecutor executor,
                                             Executor uiThread) {
        SimulateViewModel vm = new SimulateViewModel(catalog, calibration, executor, uiThread);
        if (study != null) {
            vm.applyStudy(study);
        }
        return vm;
    }

    /** The app's: the shared simulate service, preset from the open study, loading what other areas send. */
    public static SimulateViewModel forStudy(StudyDocument study, SimulationRequests requests, Supplier<Catalog> catalog,
                                             Supplier<CalibrationSet> calibration, SimulationService service,
                                             TaskExecutor executor, Executor uiThread) {
        SimulateViewModel vm = new SimulateViewModel(catalog, calibration, service, executor, uiThread);
        if (study != null) {
            vm.applyStudy(study);
        }
        vm.follow(requests);
        return vm;
    }

    /** As {@link #forStudy(StudyDocument, Supplier, Supplier, TaskExecutor, Executor)}, then loads what other areas send. */
    public static SimulateViewModel forStudy(StudyDocument study, SimulationRequests requests, Supplier<Catalog> catalog,
                                             Supplier<CalibrationSet> calibration, TaskExecutor executor,
                                             Executor uiThread) {
        SimulateViewModel vm = forStudy(study, catalog, calibration, executor, uiThread);
        vm.follow(requests);
        return vm;
    }

    /**
     * Takes the study's model, the GPU type of its first node group, its workload preset and rate, and its SLO.
     * A piece the study lacks (no model, no cluster, a trace workload, an unbounded target) keeps today's choice.
     */
    public void applyStudy(StudyDocument study) {
        if (modelNames.contains(study.modelName())) {
            modelName.set(study.modelName());
        }
        study.nodeGroups().stream().map(g -> g.gpu().name()).filter(gpuNames::contains).findFirst()
                .ifPresent(gpuName::set);
        useSmallestFittingParallelism();
        WorkloadSpec w = study.workload();
        if (w.source() != WorkloadSpec.Source.TRACE && workloadNames.contains(w.lengthPreset())) {
            workload.set(w.lengthPreset());
        }
        rateText.set(plain(w.ratePerS()));
        if (Double.isFinite(study.slo().ttftMs())) {
            sloTtftText.set(plain(study.slo().ttftMs()));
        }
        if (Double.isFinite(study.slo().tpotMs())) {
            sloTpotText.set(plain(study.slo().tpotMs()));
        }
        sloAttainmentTarget.set(study.slo().attainment());
    }

    /**
     * A 70B model does not fit one GPU: start from the smallest TP (then PP) that holds the model and its KV cache,
     * so the first Run works instead of showing a memory error.
     */
    private void useSmallestFittingParallelism() {
        if (!modelNames.contains(modelName.get()) || !gpuNames.contains(gpuName.get())) {
            return;
        }
        Catalog c = catalog.get();
        List<ReplicaConfig> fitting = ReplicaCandidates.fitting(c.model(modelName.get()), List.of(c.gpu(gpuName.get())), 1);
        if (!fitting.isEmpty()) {
            tensorParallel.set(fitting.get(0).tp());
            pipelineParallel.set(fitting.get(0).pp());
        }
    }

    /**
     * Loads {@code requests}' latest request now (if any) and each one sent later, so another area can hand a
     * configuration over; see {@link #load}.
     */
    public void follow(SimulationRequests requests) {
        if (requests.latestProperty().get() != null) {
            load(requests.latestProperty().get());
        }
        requests.latestProperty().addListener((o, old, request) -> {
            if (request != null) {
                load(request);
            }
        });
    }

    /**
     * Fills every input from {@code request} (model, GPU, TP, PP, replicas, weight dtype, scheduler, workload, rate,
     * requests, SLO), ready to Run; earlier results are cleared. A running simulation is left alone and the request is
     * refused with a message. The status names what this area cannot model of the request (KV dtype, node shape).
     */
    public void load(SimulationRequest request) {
        if (runStatus.isRunning()) {
            runStatus.error("A simulation is running; cancel it before loading " + request.source() + ".");
            return;
        }
        ReplicaConfig r = request.replica();
        loading = true;
        modelName.set(request.modelName());
        gpuName.set(r.gpu().name());
        tensorParallel.set(r.tp());
        pipelineParallel.set(r.pp());
        replicas.set(request.replicas());
        weightDtype.set(r.weightDtype());
        scheduler.set(r.batching().scheduler());
        workload.set(request.workloadPreset());
        rateText.set(plain(request.ratePerS()));
        requestsText.set(Integer.toString(request.requests()));
        // an unbounded target (a search without one) keeps this area's own, since a run needs a finite SLO
        if (Double.isFinite(request.slo().ttftMs())) {
            sloTtftText.set(plain(request.slo().ttftMs()));
        }
        if (Double.isFinite(request.slo().tpotMs())) {
            sloTpotText.set(plain(request.slo().tpotMs()));
        }
        sloAttainmentTarget.set(request.slo().attainment());
        clearResults();
        runStatus.end(0);
        List<String> differences = new ArrayList<>();
        if (r.kvDtype() != DType.BF16 || r.activationDtype() != DType.BF16) {
            differences.add("KV cache " + r.kvDtype() + " and activations " + r.activationDtype() + " run as BF16 here");
        }
        if (!r.node().equals(io.fleetwise.planner.model.Node.standard(r.gpu()))) {
            differences.add("the replica runs on a standard " + r.gpu().name() + " node here, not its "
                    + r.node().gpuCount() + "-GPU node");
        }
        loading = false;
        plan = request.plan() != null || request.planId() > 0 ? request : null;
        planInfo.set(plan == null ? "" : plan.isWholePlan()
                ? String.format(Locale.ROOT, "Plan%s: %s. Run simulates all %d parts (%d GPUs) together, each taking "
                        + "its share of the traffic; the form shows the first part. Change a replica field to simulate "
                        + "one config instead.", request.planId() > 0 ? " #" + request.planId() : "",
                request.plan().label(), request.plan().parts().size(), request.plan().gpuCount())
                : "Plan #" + request.planId() + ": runs are attached to the plan.");
        if (plan != null && plan.isWholePlan()) {
            info("Loaded " + request.source() + ": the whole plan (" + request.plan().parts().size() + " parts). Press Run.");
            return;
        }
        info("Loaded " + request.source() + ": " + request.replicas() + " x " + r.label() + ". Press Run."
                + (differences.isEmpty() ? "" : " Note: " + String.join("; ", differences) + "."));
    }

    /** Reads model and GPU names again from the catalog, keeping the choices that still exist. */
    public void reload() {
        Catalog c = catalog.get();
        modelNames.setAll(c.models().stream().map(ModelSpec::name).toList());
        gpuNames.setAll(c.gpus().stream().map(GpuType::name).toList());
        if (modelName.get() == null || !modelNames.contains(modelName.get())) {
            modelName.set(modelNames.contains("Llama-3.1-8B") ? "Llama-3.1-8B" : modelNames.isEmpty() ? null : modelNames.get(0));
        }
        if (gpuName.get() == null || !gpuNames.contains(gpuName.get())) {
            gpuName.set(gpuNames.contains("H100-SXM") ? "H100-SXM" : gpuNames.isEmpty() ? null : gpuNames.get(0));
        }
        validate();
    }

    /** What a run needs, checked; the first problem found is the message. */
    private record Inputs(io.fleetwise.planner.service.SimulationRequest request, SimulationService.Resolved resolved, String preset) {
        ModelSpec model() {
            return resolved.model();
        }

        ReplicaConfig replica() {
            return resolved.replica();
        }

        int replicaCount() {
            return request.replicas();
        }

        double rate() {
            return request.workload().ratePerS();
        }

        LoadMode load() {
            return request.load();
        }

        int requests() {
            return request.workload().requests();
        }

        Slo slo() {
            return request.slo();
        }

        CalibrationSet calibration() {
            return request.calibration();
        }
    }

    private Inputs validate() {
        try {
            Inputs in = checkedInputs();
            validationMessage.set("");
            canRun.set(!runStatus.isRunning());
            return in;
        } catch (IllegalArgumentException e) {
            validationMessage.set(e.getMessage());
            canRun.set(false);
            return null;
        }
    }

    private Inputs checkedInputs() {
        Catalog c = catalog.get();
        memoryInfo.set("");
        if (modelName.get() == null || modelName.get().isBlank()) {
            throw new IllegalArgumentException("Choose a model.");
        }
        if (gpuName.get() == null || gpuName.get().isBlank()) {
            throw new IllegalArgumentException("Choose a GPU type.");
        }
        int tp = tensorParallel.get();
        int pp = pipelineParallel.get();
        String preset = workload.get();
        if (preset == null || !workloadChoices().contains(preset)) {
            throw new IllegalArgumentException("Workload '" + preset + "' is not one of " + workloadChoices() + ".");
        }
        workloadInfo.set(isTrace(preset)
                ? "Replays the trace's own requests and arrival pattern, rescaled to the chosen mean rate; the first "
                + "'Requests' requests. " + TraceReaders.azure2023Attribution()
                : "Poisson arrivals; lengths drawn from the " + preset + " preset's percentiles.");
        LoadMode.Kind loadKindValue = loadKind.get() == null ? LoadMode.Kind.OPEN_LOOP : loadKind.get();
        rateApplies.set(loadKindValue != LoadMode.Kind.OFFLINE);
        concurrencyApplies.set(loadKindValue == LoadMode.Kind.CLOSED_LOOP);
        LoadMode load = switch (loadKindValue) {
            case OPEN_LOOP -> LoadMode.openLoop();
            case OFFLINE -> LoadMode.offline();
            case CLOSED_LOOP -> LoadMode.closedLoop(wholeNumber("Max in flight", maxConcurrencyText.get(), 1, MAX_CONCURRENCY));
        };
        // Offline ignores arrival times; "inf" sends every request at t=0 (vllm bench serve --request-rate inf).
        double rate = loadKindValue == LoadMode.Kind.OFFLINE ? Double.POSITIVE_INFINITY
                : isInfinite(rateText.get()) ? Double.POSITIVE_INFINITY
                : positive("Rate (req/s)", rateText.get());
        double count = positive("Requests", requestsText.get());
        if (count != Math.rint(count) || count < ServingRules.MIN_REQUESTS || count > ServingRules.MAX_REQUESTS) {
            throw new IllegalArgumentException("Requests must be a whole number from " + ServingRules.MIN_REQUESTS
                    + " to " + ServingRules.MAX_REQUESTS + ", was '" + requestsText.get().trim() + "'.");
        }
        int n = (int) count;
        double ttft = positive("SLO TTFT (ms)", sloTtftText.get());
        double tpot = positive("SLO TPOT (ms)", sloTpotText.get());
        double attainment = sloAttainmentTarget.get();
        if (!(attainment > 0 && attainment <= 1)) {
            throw new IllegalArgumentException("SLO attainment target must be in (0, 1], was " + attainment + ".");
        }
        WorkloadRequest w = isTrace(preset)
                ? WorkloadRequest.trace(AZURE_CODE.equals(preset) ? "azure-code" : "azure-conv").withRequests(n)
                .withRate(Double.isInfinite(rate) ? Double.NaN : rate)
                : WorkloadRequest.generated(preset, rate, n);
        ReplicaSpec spec = ReplicaSpec.defaults().withGpu(gpuName.get()).withParallelism(tp, pp, 1)
                .withDtypes(weightDtype.get(), DType.BF16)
                .withBatching(scheduler.get(), null, null, null, null);
        io.fleetwise.planner.service.SimulationRequest request = io.fleetwise.planner.service.SimulationRequest.defaults().withModel(modelName.get()).withReplica(spec)
                .withReplicas(replicas.get()).withLoad(load).withWorkload(w).withSlo(Slo.of(ttft, tpot, attainment))
                .withCalibration(calibration.get());
        SimulationService.Resolved resolved = service.resolve(request);
        memoryInfo.set(resolved.memory().message());
        return new Inputs(request, resolved, preset);
    }

    private static boolean isInfinite(String text) {
        String t = text == null ? "" : text.trim();
        return t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** Parses a field that must hold a whole number in [min, max]; the message names the field and the text. */
    static int wholeNumber(String field, String text, int min, int max) {
        String t = text == null ? "" : text.trim();
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + t + "' is not a whole number.");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " must be from " + min + " to " + max + ", was '" + t + "'.");
        }
        return (int) v;
    }

    /** Parses a field that must hold a positive, finite number; the message names the field and the text. */
    static double positive(String field, String text) {
        String t = text == null ? "" : text.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + t + "' is not a number.");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be a positive number, was '" + t + "'.");
        }
        return v;
    }

    /** Outcome of the main simulation, computed off the UI thread. */
    record RunOutcome(SimulationSummary summary, LatencyCdf ttft, LatencyCdf tpot, double wallSeconds) {
    }

    /** Starts the simulation (and then the sweep) in the background; does nothing when inputs are invalid. */
    public void run() {
        Inputs in = validate();
        if (in == null || runStatus.isRunning()) {
            return;
        }
        clearResults();
        if (plan != null && plan.isWholePlan()) {
            runPlan(in, plan);
            return;
        }
        calibrationInfo.set("Predicted with " + in.calibration().labelFor(in.replica().gpu().name()) + "; engine "
                + in.calibration().engine().describe() + ".");
        runStatus.start("Simulating " + in.requests() + " requests, " + describeLoad(in) + ", on " + in.replicaCount()
                + " x " + in.replica().label() + " ...");
        // offline is one point, and an open loop at an infinite rate has no rates to sweep
        boolean sweeps = sweepAfterRun.get() && !in.load().isOffline()
                && (in.load().capsConcurrency() || Double.isFinite(in.rate()));
        sweepAxisLabel.set(in.load().capsConcurrency() ? CONCURRENCY_AXIS : RATE_AXIS);
        double mainShare = sweeps ? 0.6 : 1.0;
        current = BackgroundTask.wrap("Simulate " + in.model().name(), p -> simulate(in,
                        new ThrottledProgress(p, uiThread, this::showProgress, 0, mainShare)))
                .onSuccess(outcome -> {
                    publish(outcome);
                    store(in, outcome.summary());
                    attachRun(in.replicaCount() + " x " + in.replica().label(), outcome.summary());
                    if (sweeps) {
                        sweep(in, mainShare);
                    } else {
                        finished("Simulated " + describe(outcome));
                    }
                })
                .onFailure(e -> failed("Simulation failed: " + e.getMessage()))
                .onCancelled(() -> cancelled("Simulation cancelled; nothing was kept."))
                .executeWith(executor);
    }

    static List<String> workloadChoices() {
        List<String> names = new ArrayList<>(LengthPresets.names());
        names.add(AZURE_CODE);
        names.add(AZURE_CONV);
        return names;
    }

    private static boolean isTrace(String workload) {
        return AZURE_CODE.equals(workload) || AZURE_CONV.equals(workload);
    }

    private RunOutcome simulate(Inputs in, ProgressListener p) {
        SimulationService.Outcome o = service.simulate(in.request(), p, null);
        return outcome(o.result(), o.trace(), o.wallSeconds());
    }

    private static RunOutcome outcome(SimulationResult result, RequestTrace trace, double wallSeconds) {
        double[] ttft = new double[result.requestCount()];
        double[] tpot = new double[result.requestCount()];
        for (int i = 0; i < ttft.length; i++) {
            boolean done = result.completed(i);
            ttft[i] = done ? result.ttftMs(i) : Double.NaN;
            tpot[i] = done && trace.outputTokens(i) > 1 ? result.tpotMs(i) : Double.NaN;
        }
        return new RunOutcome(result.summary(), LatencyCdf.of(ttft, CDF_POINTS), LatencyCdf.of(tpot, CDF_POINTS),
                wallSeconds);
    }

    private void sweep(Inputs in, double from) {
        boolean closed = in.load().capsConcurrency();
        info("Sweeping " + SWEEP_RATE_FACTORS.length + (closed ? " concurrencies" : " rates") + " (at most "
                + SimulationService.SWEEP_MAX_REQUESTS + " requests each) ...");
        current = BackgroundTask.wrap("Throughput vs rate", p -> service.sweep(in.request(),
                        new ThrottledProgress(p, uiThread, this::showProgress, from, 1.0)).stream()
                        .map(pt -> {
                            SimulationSummary s = pt.result().summary();
                            return new RatePoint(pt.x(), s.requestThroughputPerS(), s.goodputPerS(),
                                    s.outputTokensPerS(), s.sloAttainment());
                        }).toList())
                .onSuccess(points -> {
                    ratePoints.setAll(points);
                    finished("Simulated " + describe(summary.get()) + " Sweep: " + points.size()
                            + (closed ? " concurrencies from " : " rates from ") + fmt(points.get(0).offeredRatePerS())
                            + " to " + fmt(points.get(points.size() - 1).offeredRatePerS())
                            + (closed ? " in flight." : " req/s."));
                })
                .onFailure(e -> failed("Throughput sweep failed: " + e.getMessage()))
                .onCancelled(() -> cancelled("Sweep cancelled; the main run's results are kept."))
                .executeWith(executor);
    }

    /** Simulates every part of a loaded plan together (no sweep: a plan's rate axis is the fleet's). */
    private void runPlan(Inputs in, SimulationRequest loaded) {
        FleetPlan whole = loaded.plan();
        calibrationInfo.set("Predicted with " + in.calibration().describe(whole.parts().stream()
                .map(p -> p.replica().gpu().name()).distinct().toList()) + "; engine "
                + in.calibration().engine().describe() + ".");
        runStatus.start("Simulating " + in.requests() + " requests, " + describeLoad(in) + ", on plan " + whole.label()
                + " ...");
        current = BackgroundTask.wrap("Simulate plan", p -> {
                    SimulationService.PlanOutcome o = service.simulatePlan(whole, in.request().workload(), in.slo(),
                            in.calibration(), new ThrottledProgress(p, uiThread, this::showProgress, 0, 1), null);
                    return outcome(o.result(), o.trace(), o.wallSeconds());
                })
                .onSuccess(outcome -> {
                    publish(outcome);
                    attachRun("whole plan: " + whole.label(), outcome.summary());
                    finished("Simulated the whole plan (" + whole.parts().size() + " parts): " + describe(outcome));
                })
                .onFailure(e -> failed("Simulation of the plan failed: " + e.getMessage()))
                .onCancelled(() -> cancelled("Simulation cancelled; nothing was kept."))
                .executeWith(executor);
    }

    /** A run of a stored plan is attached to it, so the plan shows what was simulated next to what was predicted. */
    private void attachRun(String label, SimulationSummary s) {
        if (plan == null || plan.planId() <= 0) {
            return;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("ttftP90Ms", s.ttft().p90Ms());
        metrics.put("tpotP90Ms", s.tpot().p90Ms());
        metrics.put("sloAttainment", s.sloAttainment());
        metrics.put("goodputPerS", s.goodputPerS());
        metrics.put("outputTokensPerS", s.outputTokensPerS());
        try {
            planStore.attachRun(plan.planId(), PlanStore.PlanRun.SIMULATION, label, metrics, null);
        } catch (RuntimeException e) {
            runStatus.error("Simulated, but the run could not be attached to plan #" + plan.planId() + ": "
                    + e.getMessage());
        }
    }

    /** Lets runs of a plan loaded from another area attach to the plan's row. Returns this. */
    public SimulateViewModel attachRunsTo(PlanStore store) {
        this.planStore = Objects.requireNonNull(store, "store");
        return this;
    }

    /** What the loaded plan is and how Run treats it; empty when the form is the user's own. */
    public ReadOnlyStringProperty planInfoProperty() {
        return planInfo.getReadOnlyProperty();
    }

    /** Stores the run's inputs and headline metrics in the open study under "simulation" (the last run wins). */
    private void store(Inputs in, SimulationSummary s) {
        if (studyEditor == null) {
            return;
        }
        SimulationResultJson.Run run = new SimulationResultJson.Run(in.model().name(), in.replica().label(),
                in.replica().gpu().name(), in.replicaCount(), in.preset(), in.rate(), in.load(), in.requests(),
                in.slo().ttftMs(), in.slo().tpotMs(), in.slo().attainment());
        var json = SimulationResultJson.write(run, s);
        if (study != null) {
            shownFingerprint = fingerprints.apply(study.getValue(), in.calibration());
            ResultStamp.of(shownFingerprint, in.calibration(), Instant.now()).writeInto(json);
        }
        studyEditor.edit(doc -> doc.withResult(SimulationResultJson.KEY, json));
        updateStale();
    }

    /** The fingerprint of a study's inputs under a calibration; the app's prices the study from its book as well. */
    private java.util.function.BiFunction<StudyDocument, CalibrationSet, String> fingerprints =
            (doc, c) -> StudyInputs.fingerprint(doc, catalog().get(), c);

    private Supplier<Catalog> catalog() {
        return catalog;
    }

    /**
     * Stamps runs with {@code inputs} (the app's: {@code FleetAllocationService::inputsFingerprint}, so every area and
     * the report compare a result against the same fingerprint). Returns this.
     */
    public SimulateViewModel fingerprintedBy(java.util.function.BiFunction<StudyDocument, CalibrationSet, String> inputs) {
        this.fingerprints = Objects.requireNonNull(inputs, "inputs");
        updateStale();
        return this;
    }

    /**
     * Follows the open study: shows the run it saved (headline figures; the distributions are not stored) and marks
     * the shown result stale when the study's inputs change. Returns this.
     */
    public SimulateViewModel followStudy(ObservableValue<StudyDocument> openStudy) {
        this.study = Objects.requireNonNull(openStudy, "openStudy");
        openStudy.addListener((o, before, after) -> updateStale());
        StudyDocument doc = openStudy.getValue();
        JsonNode saved = doc == null ? null : doc.results().get(SimulationResultJson.KEY);
        if (saved != null && summary.get() == null && !runStatus.isRunning()) {
            try {
                SimulationResultJson.SavedSimulation run = SimulationResultJson.read(saved);
                Map<String, Double> m = run.metrics();
                ttftP50Ms.set(m.getOrDefault("ttftP50Ms", Double.NaN));
                ttftP99Ms.set(m.getOrDefault("ttftP99Ms", Double.NaN));
                tpotP50Ms.set(m.getOrDefault("tpotP50Ms", Double.NaN));
                tpotP99Ms.set(m.getOrDefault("tpotP99Ms", Double.NaN));
                outputTokensPerS.set(m.getOrDefault("outputTokensPerS", Double.NaN));
                goodputPerS.set(m.getOrDefault("goodputPerS", Double.NaN));
                sloAttainment.set(m.getOrDefault("sloAttainment", Double.NaN));
                costPerMillionTokensUsd.set(m.getOrDefault("costPerMillionOutputTokensUsd", Double.NaN));
                shownFingerprint = ResultStamp.of(saved).map(ResultStamp::inputFingerprint).orElse("");
                runStatus.info("Saved run: " + run.replicas() + " x " + run.replica() + ", " + run.workload() + " at "
                        + plain(run.ratePerS()) + " req/s (headline figures; Run to see the distributions again).");
            } catch (IllegalArgumentException e) {
                runStatus.error("The study's saved run cannot be shown: " + e.getMessage());
            }
        }
        updateStale();
        return this;
    }

    /** Marks the shown result stale when the study's inputs (or the calibration) changed since it was computed. */
    private void updateStale() {
        boolean shown = Double.isFinite(ttftP50Ms.get()) || summary.get() != null;
        if (study == null || shownFingerprint == null || !shown) {
            staleNote.set("");
            return;
        }
        String now = fingerprints.apply(study.getValue(), calibration.get());
        staleNote.set(now.equals(shownFingerprint) ? "" : STALE_NOTE);
    }

    /** What the area says over a result whose inputs changed. */
    public static final String STALE_NOTE = "Stale: the study's inputs changed since this run. "
            + "Press Run to recompute.";

    /** Non-empty when the shown result no longer matches the study's inputs. */
    public ReadOnlyStringProperty staleNoteProperty() {
        return staleNote.getReadOnlyProperty();
    }

    /**
     * Lets each finished run store its headline metrics in the open study through {@code editor}
     * ({@code CurrentStudy::edit}), where the study's report reads them. Returns this.
     */
    public SimulateViewModel saveThrough(io.fleetwise.views.fleet.FleetViewModel.StudyEditor editor) {
        this.studyEditor = Objects.requireNonNull(editor, "editor");
        return this;
    }

    /** Asks the running simulation or sweep to stop. */
    public void cancel() {
        if (current != null && runStatus.isRunning()) {
            current.cancel();
        }
    }

    private void showProgress(double fraction, String message) {
        runStatus.showProgress(fraction, message);
    }

    private void publish(RunOutcome o) {
        SimulationSummary s = o.summary();
        summary.set(s);
        ttftP50Ms.set(s.ttft().p50Ms());
        ttftP99Ms.set(s.ttft().p99Ms());
        tpotP50Ms.set(s.tpot().p50Ms());
        tpotP99Ms.set(s.tpot().p99Ms());
        outputTokensPerS.set(s.outputTokensPerS());
        goodputPerS.set(s.goodputPerS()); // before attainment: the attainment tile's text reads it
        sloAttainment.set(s.sloAttainment());
        costPerMillionTokensUsd.set(s.costPerMillionOutputTokensUsd());
        ttftCdf.set(o.ttft());
        tpotCdf.set(o.tpot());
    }

    private void clearResults() {
        summary.set(null);
        shownFingerprint = null;
        staleNote.set("");
        for (ReadOnlyDoubleWrapper w : List.of(ttftP50Ms, ttftP99Ms, tpotP50Ms, tpotP99Ms, outputTokensPerS,
                sloAttainment, goodputPerS, costPerMillionTokensUsd)) {
            w.set(Double.NaN);
        }
        ttftCdf.set(LatencyCdf.EMPTY);
        tpotCdf.set(LatencyCdf.EMPTY);
        ratePoints.clear();
    }

    private static String describeLoad(Inputs in) {
        if (in.load().isOffline()) {
            return "offline (all at t=0)";
        }
        String rate = Double.isInfinite(in.rate()) ? "all at t=0" : "at " + fmt(in.rate()) + " req/s";
        return in.load().capsConcurrency() ? rate + ", at most " + in.load().maxConcurrency() + " in flight" : rate;
    }

    private static String describe(RunOutcome o) {
        return describe(o.summary()) + String.format(Locale.ROOT, " (%.2f s wall).", o.wallSeconds());
    }

    private static String describe(SimulationSummary s) {
        return String.format(Locale.ROOT, "%d requests: %d completed, %d dropped, %d preemptions, %.1f s of serving, "
                        + "%d GPUs at $%.2f/h.", s.requests(), s.completed(), s.dropped(), s.preemptions(), s.durationS(),
                s.gpuCount(), s.costPerHourUsd());
    }

    private void finished(String text) {
        runStatus.finished(text);
    }

    private void failed(String text) {
        runStatus.failed(text);
    }

    private void cancelled(String text) {
        runStatus.cancelled(text);
    }

    private void info(String text) {
        runStatus.info(text);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private ReadOnlyDoubleWrapper nan(String name) {
        return new ReadOnlyDoubleWrapper(this, name, Double.NaN);
    }

    public ObservableList<String> modelNames() {
        return modelNames;
    }

    public ObservableList<String> gpuNames() {
        return gpuNames;
    }

    public ObservableList<String> workloadNames() {
        return workloadNames;
    }

    public StringProperty modelNameProperty() {
        return modelName;
    }

    public StringProperty gpuNameProperty() {
        return gpuName;
    }

    public IntegerProperty tensorParallelProperty() {
        return tensorParallel;
    }

    public IntegerProperty pipelineParallelProperty() {
        return pipelineParallel;
    }

    public IntegerProperty replicasProperty() {
        return replicas;
    }

    public ObjectProperty<DType> weightDtypeProperty() {
        return weightDtype;
    }

    public ObjectProperty<SchedulerKind> schedulerProperty() {
        return scheduler;
    }

    public StringProperty workloadProperty() {
        return workload;
    }

    public StringProperty rateTextProperty() {
        return rateText;
    }

    /** How requests are sent: open loop at the rate, closed loop with a cap, or offline (all at t=0). */
    public ObjectProperty<LoadMode.Kind> loadKindProperty() {
        return loadKind;
    }

    /** The closed loop's cap on requests in flight. */
    public StringProperty maxConcurrencyTextProperty() {
        return maxConcurrencyText;
    }

    /** Whether the rate field means anything for the chosen load mode (offline ignores arrival times). */
    public ReadOnlyBooleanProperty rateAppliesProperty() {
        return rateApplies.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty concurrencyAppliesProperty() {
        return concurrencyApplies.getReadOnlyProperty();
    }

    /** What the sweep chart's x axis is: the offered rate, or the closed loop's cap. */
    public ReadOnlyStringProperty sweepAxisLabelProperty() {
        return sweepAxisLabel.getReadOnlyProperty();
    }

    public StringProperty requestsTextProperty() {
        return requestsText;
    }

    public StringProperty sloTtftTextProperty() {
        return sloTtftText;
    }

    public StringProperty sloTpotTextProperty() {
        return sloTpotText;
    }

    public DoubleProperty sloAttainmentTargetProperty() {
        return sloAttainmentTarget;
    }

    public BooleanProperty sweepAfterRunProperty() {
        return sweepAfterRun;
    }

    public ReadOnlyStringProperty validationMessageProperty() {
        return validationMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty workloadInfoProperty() {
        return workloadInfo.getReadOnlyProperty();
    }

    /** Which calibration the last run predicted its GPU type with (a stored one, or the built-in curves). */
    public ReadOnlyStringProperty calibrationInfoProperty() {
        return calibrationInfo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryInfoProperty() {
        return memoryInfo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runStatus.runningProperty();
    }

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return runStatus.progressProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return runStatus.statusProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return runStatus.statusIsErrorProperty();
    }

    public ReadOnlyObjectProperty<SimulationSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty ttftP50MsProperty() {
        return ttftP50Ms.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty ttftP99MsProperty() {
        return ttftP99Ms.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty tpotP50MsProperty() {
        return tpotP50Ms.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty tpotP99MsProperty() {
        return tpotP99Ms.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty outputTokensPerSProperty() {
        return outputTokensPerS.getReadOnlyProperty();
    }

    /** Fraction of requests meeting the SLO (0..1). */
    public ReadOnlyDoubleProperty sloAttainmentProperty() {
        return sloAttainment.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty goodputPerSProperty() {
        return goodputPerS.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty costPerMillionTokensUsdProperty() {
        return costPerMillionTokensUsd.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LatencyCdf> ttftCdfProperty() {
        return ttftCdf.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LatencyCdf> tpotCdfProperty() {
        return tpotCdf.getReadOnlyProperty();
    }

    public ObservableList<RatePoint> ratePoints() {
        return ratePointsView;
    }
}
