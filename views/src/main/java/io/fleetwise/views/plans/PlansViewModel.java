package io.fleetwise.views.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.planner.study.ResultStamp;
import java.util.function.LongSupplier;
import io.fleetwise.planner.service.FleetPlans;
import io.fleetwise.planner.plan.PlanStore;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.service.WorkloadRequest;
import io.fleetwise.planner.service.PlanSearchService;
import io.fleetwise.planner.service.PlanSearchRequest;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.search.GpuAssignment;
import io.fleetwise.planner.search.PlanPart;
import io.fleetwise.planner.search.RankedPlan;
import io.fleetwise.planner.search.SearchConfig;
import io.fleetwise.planner.search.SearchObjective;
import io.fleetwise.planner.search.SearchResult;
import io.fleetwise.planner.study.PlansResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.views.common.AreaNavigator;
import io.fleetwise.views.simulate.SimulationRequest;
import io.fleetwise.views.simulate.SimulationRequests;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import static io.fleetwise.views.common.NumberText.plain;

/**
 * The Plans area: inputs of a parallel-plan search (model, cluster as {@code 8xH100-SXM,8xA100-80GB-SXM} or a
 * cluster file path, workload preset and rate, SLO, objective, weight formats), the search run in the background
 * with progress and cancel, and its result: ranked plans, the Pareto front, the selected plan's placement.
 * Inputs are validated in {@link #search()}; on bad input nothing runs and {@link #messageProperty()} says why.
 */
public final class PlansViewModel {
    private final Supplier<CalibrationSet> calibration;
    private final PlanSearchService service;
    private final Supplier<Catalog> catalog;
    private final TaskExecutor executor;
    private final Executor uiThread;

    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ObservableList<String> presets = FXCollections.observableArrayList(LengthPresets.names());
    private final StringProperty model = new SimpleStringProperty(this, "model", "Llama-3.1-70B");
    private final StringProperty clusterText = new SimpleStringProperty(this, "clusterText", "8xH100-SXM,8xA100-80GB-SXM");
    private final StringProperty preset = new SimpleStringProperty(this, "preset", "chat");
    private final StringProperty rate = new SimpleStringProperty(this, "rate", "8");
    private final StringProperty requests = new SimpleStringProperty(this, "requests",
            Integer.toString(WorkloadRequest.DEFAULT_REQUESTS));
    private final StringProperty sloTtftMs = new SimpleStringProperty(this, "sloTtftMs", "2000");
    private final StringProperty sloTpotMs = new SimpleStringProperty(this, "sloTpotMs", "100");
    /** Weight formats to search; the model's own checkpoint format unless the user adds quantized ones. */
    private final StringProperty weights = new SimpleStringProperty(this, "weights", "");
    private final ObjectProperty<SearchObjective> objective = new SimpleObjectProperty<>(this, "objective", SearchObjective.GOODPUT);
    private final StringProperty timeBudgetS = new SimpleStringProperty(this, "timeBudgetS", "60");

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError", false);
    private final ReadOnlyStringWrapper calibrationInfo = new ReadOnlyStringWrapper(this, "calibrationInfo", "");
    private final ReadOnlyObjectWrapper<SearchResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<Cluster> cluster = new ReadOnlyObjectWrapper<>(this, "cluster");
    private final ObservableList<RankedPlan> plans = FXCollections.observableArrayList();
    private final ObjectProperty<RankedPlan> selected = new SimpleObjectProperty<>(this, "selected");
    private TaskHandle handle;
    /** The open study's cluster, searched while the cluster field reads {@link #STUDY_CLUSTER_PREFIX} and its name. */
    private Cluster studyCluster;
    private double sloAttainment = 0.9;

    /** Title of the area "Simulate this plan" opens. */
    public static final String SIMULATE_AREA = "Simulate";
    private SimulationRequests simulationRequests;
    private AreaNavigator navigator = AreaNavigator.NONE;
    /** The inputs of the search whose plans are shown; what a plan is simulated under. */
    private Searched searched;
    private final ReadOnlyBooleanWrapper canSimulateSelected = new ReadOnlyBooleanWrapper(this, "canSimulateSelected");
    private final ReadOnlyStringWrapper selectedRuns = new ReadOnlyStringWrapper(this, "selectedRuns", "");
    private final ReadOnlyStringWrapper staleNote = new ReadOnlyStringWrapper(this, "staleNote", "");
    /** The study-inputs fingerprint of the shown plans (null: not computed for the open study). */
    private String shownFingerprint;
    private StudyDocument openStudy;
    private PlanStore planStore;
    private LongSupplier studyId;
    private Supplier<String> fingerprint = () -> "";
    /** The study-inputs fingerprint when the shown search ran. */
    private String searchedFingerprint = "";
    /** The calibration the shown plans were predicted with. */
    private CalibrationSet shownCalibration;
    /** Shown plans (by rank) already stored under the study, to their row ids. */
    private final java.util.Map<Integer, Long> storedIds = new java.util.HashMap<>();
    /** Title of the area "Execute this plan" opens. */
    public static final String EXECUTE_AREA = "Execute";
    private io.fleetwise.views.execute.ExecutionRequests executionRequests;

    private record Searched(ModelSpec model, String preset, double ratePerS, int requests, Slo slo, Cluster cluster) {
    }

    /** Stores the ranked plans and the chosen one in the open study; {@code CurrentStudy::edit} in the app. */
    private io.fleetwise.views.fleet.FleetViewModel.StudyEditor studyEditor;

    /** What the cluster field reads while it stands for the study's own cluster. */
    public static final String STUDY_CLUSTER_PREFIX = "study: ";

    /**
     * @param catalog     the current catalog (user overrides included)
     * @param calibration the calibrations in use now (each search predicts with the set current when it starts)
     * @param executor    runs the search off the UI thread
     * @param uiThread where progress updates are applied (Platform::runLater in the app, Runnable::run in tests)
     */
    public PlansViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration, PlanSearchService service,
                          TaskExecutor executor, Executor uiThread) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.service = Objects.requireNonNull(service, "service");
        model.addListener((o, before, after) -> useModelsOwnFormat());
        this.executor = Objects.requireNonNull(executor, "executor");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        catalog.get().models().forEach(m -> models.add(m.name()));
        selected.addListener((o, a, b) -> updateCanSimulate());
    }

    /** A view model with its own plan-search service on {@code catalog} (tests; the app shares one). */
    public PlansViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration, TaskExecutor executor,
                          Executor uiThread) {
        this(catalog, calibration, new PlanSearchService(catalog), executor, uiThread);
    }

    /** The weights field shows the model's own checkpoint format: quantized formats are something a user adds. */
    private void useModelsOwnFormat() {
        String name = model.get();
        catalog.get().models().stream().filter(m -> m.name().equals(name)).findFirst()
                .ifPresent(m -> weights.set(m.nativeWeightDtype().label()));
    }

    /** A view model preset from the open study (see {@link #applyStudy}); {@code study} may be null (none open). */
    public static PlansViewModel forStudy(StudyDocument study, Supplier<Catalog> catalog,
                                          Supplier<CalibrationSet> calibration, TaskExecutor executor, Executor uiThread) {
        return forStudy(study, catalog, calibration, new PlanSearchService(catalog), executor, uiThread);
    }

    /** As {@link #forStudy(StudyDocument, Supplier, Supplier, TaskExecutor, Executor)} with the app's shared service. */
    public static PlansViewModel forStudy(StudyDocument study, Supplier<Catalog> catalog,
                                          Supplier<CalibrationSet> calibration, PlanSearchService service,
                                          TaskExecutor executor, Executor uiThread) {
        PlansViewModel vm = new PlansViewModel(catalog, calibration, service, executor, uiThread);
        if (study != null) {
            vm.applyStudy(study);
        }
        return vm;
    }

    /**
     * Takes the study's model, cluster (searched as designed, node sizes and links included; the cluster field reads
     * {@code study: NAME} until the user types another), workload preset and rate, and SLO. A piece the study lacks
     * keeps today's default.
     */
    public void applyStudy(StudyDocument study) {
        if (models.contains(study.modelName())) {
            model.set(study.modelName());
        }
        studyCluster = study.cluster().orElse(null);
        if (studyCluster != null) {
            clusterText.set(studyClusterText());
        }
        WorkloadSpec w = study.workload();
        if (w.source() != WorkloadSpec.Source.TRACE && presets.contains(w.lengthPreset())) {
            preset.set(w.lengthPreset());
        }
        rate.set(plain(w.ratePerS()));
        if (Double.isFinite(study.slo().ttftMs())) {
            sloTtftMs.set(plain(study.slo().ttftMs()));
        }
        if (Double.isFinite(study.slo().tpotMs())) {
            sloTpotMs.set(plain(study.slo().tpotMs()));
        }
        sloAttainment = study.slo().attainment();
        openStudy = study;
    }

    /**
     * Lets "Simulate this plan" hand the selected plan to the Simulate area through {@code requests} and switch to it
     * with {@code navigator}. Returns this.
     */
    public PlansViewModel handOffTo(SimulationRequests requests, AreaNavigator navigator) {
        this.simulationRequests = Objects.requireNonNull(requests, "requests");
        this.navigator = Objects.requireNonNull(navigator, "navigator");
        updateCanSimulate();
        return this;
    }

    /**
     * Sends the selected plan, whole, with the workload and SLO it was searched under, to the Simulate area and opens
     * it: the plan is stored under the study first (when one is open), so the runs of it attach to the plan. A plan
     * of one part fills Simulate's form; a plan of several parts (mixed GPU types, prefill/decode pools) runs whole.
     */
    public boolean simulateSelected() {
        RankedPlan ranked = selected.get();
        if (simulationRequests == null || ranked == null || searched == null) {
            return error("Search and select a plan first.");
        }
        FleetPlan plan = fleetPlan(ranked);
        long id = storedId(ranked, plan);
        boolean adp = ranked.plan().parts().stream().anyMatch(p -> p.shape().attentionDataParallel());
        String source = "plan #" + ranked.rank() + " from Plans" + (id > 0 ? " (stored as plan #" + id + ")" : "")
                + (adp ? " (its attention-DP + FFN-TP runs as plain TP there)" : "");
        simulationRequests.send(SimulationRequest.ofPlan(plan, id, searched.preset(), searched.ratePerS(),
                searched.requests(), searched.slo(), source));
        navigator.open(SIMULATE_AREA);
        info("Sent plan #" + ranked.rank() + " to Simulate" + (id > 0 ? " as stored plan #" + id : "") + ".");
        updateRuns();
        return true;
    }

    /** A shown plan as DESIGN's FleetPlan, for the areas it is handed to. */
    private FleetPlan fleetPlan(RankedPlan ranked) {
        return FleetPlans.of(ranked, searched.model().name(), searched.ratePerS(),
                shownCalibration == null ? calibration.get() : shownCalibration);
    }

    /**
     * Shows the plans the study saved (ranked, with their figures and parts) as the area's result, marked stale when
     * the study's inputs changed since; a search of the same study replaces them.
     */
    private void showSavedPlans(StudyDocument study) {
        JsonNode saved = study.results().get(PlansResultJson.KEY);
        if (saved == null || studyCluster == null) {
            return;
        }
        try {
            List<RankedPlan> ranked = PlansResultJson.rankedPlans(saved, catalog.get());
            PlansResultJson.SavedPlans summary = PlansResultJson.read(saved);
            if (ranked.isEmpty()) {
                info("The study's saved plans were stored before plans kept their parts; search again to see them here.");
                return;
            }
            ModelSpec spec = catalog.get().model(summary.model());
            searched = new Searched(spec, summary.preset(), summary.ratePerS(), summary.requests(),
                    new Slo(summary.sloTtftMs(), summary.sloTpotMs(), Double.POSITIVE_INFINITY, summary.sloAttainment()),
                    studyCluster);
            cluster.set(studyCluster);
            calibrationInfo.set(summary.calibration());
            plans.setAll(ranked);
            selected.set(ranked.stream().filter(p -> p.rank() == summary.chosenRank()).findFirst().orElse(ranked.get(0)));
            shownFingerprint = ResultStamp.of(saved).map(ResultStamp::inputFingerprint).orElse("");
            updateCanSimulate();
            info("Saved plans of the study (" + ranked.size() + " of " + summary.plansEnumerated()
                    + "); the chosen one is selected.");
            updateStale();
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            error("The study's saved plans cannot be shown: " + e.getMessage());
        }
    }

    /** Follows the open study: a shown result goes stale when the study's inputs change. Returns this. */
    public PlansViewModel followStudy(javafx.beans.value.ObservableValue<StudyDocument> study) {
        study.addListener((o, before, after) -> updateStale());
        return this;
    }

    private void updateStale() {
        if (plans.isEmpty() || shownFingerprint == null) {
            staleNote.set("");
            return;
        }
        staleNote.set(fingerprint.get().equals(shownFingerprint) ? "" : STALE_NOTE);
    }

    /** What the area says over plans whose inputs changed. */
    public static final String STALE_NOTE = "Stale: the study's inputs changed since these plans were searched. "
            + "Press Search to recompute.";

    /** Non-empty when the shown plans no longer match the study's inputs. */
    public ReadOnlyStringProperty staleNoteProperty() {
        return staleNote.getReadOnlyProperty();
    }

    /** The selected plan's row id under the study, storing it the first time (0 without a study). */
    private long storedId(RankedPlan ranked, FleetPlan plan) {
        if (planStore == null) {
            return 0;
        }
        return storedIds.computeIfAbsent(ranked.rank(), rank -> planStore.save(studyId.getAsLong(),
                plan.withProvenance(plan.provenance().withInputFingerprint(searchedFingerprint)), null).id());
    }

    /**
     * Keeps the plans handed to Simulate and Execute as rows under the open study ({@code store}, study
     * {@code studyId}), so their runs attach to them and show next to the prediction. Returns this.
     */
    public PlansViewModel keepPlansIn(PlanStore store, LongSupplier studyIdSupplier, Supplier<String> inputFingerprint) {
        this.planStore = Objects.requireNonNull(store, "store");
        this.studyId = Objects.requireNonNull(studyIdSupplier, "studyId");
        this.fingerprint = Objects.requireNonNull(inputFingerprint, "inputFingerprint");
        selected.addListener((o, a, b) -> updateRuns());
        if (openStudy != null && plans.isEmpty()) {
            showSavedPlans(openStudy);
        }
        return this;
    }

    /** Reads the selected plan's runs again (another area may have run it since). */
    public void refreshRuns() {
        updateRuns();
    }

    /** Predicted next to what was simulated or measured for the selected plan (its runs, once it is stored). */
    private void updateRuns() {
        RankedPlan ranked = selected.get();
        Long id = ranked == null ? null : storedIds.get(ranked.rank());
        if (planStore == null || id == null) {
            selectedRuns.set("");
            return;
        }
        List<PlanStore.PlanRun> runs = planStore.runsOf(id);
        if (runs.isEmpty()) {
            selectedRuns.set("Plan #" + id + ": no runs yet (Simulate or Execute this plan).");
            return;
        }
        StringBuilder sb = new StringBuilder("Plan #" + id + " predicted TTFT p90 " + fmt(ranked.metrics().ttftP90Ms())
                + " ms, TPOT p90 " + fmt(ranked.metrics().tpotP90Ms()) + " ms, goodput " + fmt(ranked.metrics().goodputPerS())
                + "/s.");
        for (PlanStore.PlanRun run : runs) {
            sb.append(" ").append(run.kind().equals(PlanStore.PlanRun.EXECUTION) ? "Measured" : "Simulated").append(" (")
                    .append(run.label()).append("):");
            run.metrics().forEach((k, v) -> sb.append(' ').append(k).append(' ').append(fmt(v)).append(';'));
        }
        selectedRuns.set(sb.toString());
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "-";
    }

    /** The selected plan's predicted figures next to its simulated and measured runs; empty when not stored. */
    public ReadOnlyStringProperty selectedRunsProperty() {
        return selectedRuns.getReadOnlyProperty();
    }

    /** Lets "Save to study" store the search's plans through {@code editor} ({@code CurrentStudy::edit}). Returns this. */
    public PlansViewModel saveThrough(io.fleetwise.views.fleet.FleetViewModel.StudyEditor editor) {
        this.studyEditor = Objects.requireNonNull(editor, "editor");
        return this;
    }

    /** Whether plans can be saved (a study is open); the Save button shows only then. */
    public boolean canSaveToStudy() {
        return studyEditor != null;
    }

    /**
     * Stores the shown search (its inputs, the top {@value PlansResultJson#MAX_PLANS} ranked plans with their
     * predicted metrics) and the selected plan as the chosen one under {@code results.plans}; the report shows the
     * chosen plan. Returns whether something was stored.
     */
    public boolean saveToStudy() {
        SearchResult r = result.get();
        if (studyEditor == null) {
            return error("No study is open; open or create one to save plans.");
        }
        if (r == null || searched == null || r.ranked().isEmpty()) {
            return error("Search first: there are no plans to save.");
        }
        RankedPlan chosen = selected.get() == null ? r.best().orElse(null) : selected.get();
        PlansResultJson.Searched in = new PlansResultJson.Searched(searched.model().name(), searched.cluster().name(),
                searched.cluster().totalGpus(), searched.preset(), searched.ratePerS(), searched.requests(),
                searched.slo(), calibrationInfo.get());
        var json = PlansResultJson.write(in, r, chosen);
        if (shownFingerprint != null) {
            ResultStamp.of(shownFingerprint, shownCalibration == null ? calibration.get() : shownCalibration,
                    java.time.Instant.now()).writeInto(json);
        }
        boolean stored = studyEditor.edit(doc -> doc.withResult(PlansResultJson.KEY, json));
        info(stored ? "Saved " + Math.min(PlansResultJson.MAX_PLANS, r.ranked().size()) + " plans to the study; chosen: plan #"
                + (chosen == null ? "none" : chosen.rank() + " (" + chosen.label() + ")") + "."
                : "The study already holds these plans.");
        return stored;
    }

    /** Lets "Execute this plan" hand the selected plan to the Execute area through {@code requests}. Returns this. */
    public PlansViewModel executeThrough(io.fleetwise.views.execute.ExecutionRequests requests) {
        this.executionRequests = Objects.requireNonNull(requests, "requests");
        updateCanSimulate();
        return this;
    }

    /**
     * Sends the selected plan's model, TP, PP and EP, with the workload it was searched under (preset, the rate one
     * replica sees, its token budget), to the Execute area and opens it; Execute runs one GPU's shard of a replica
     * over the replica's simulated schedule. A plan of several parts is refused with a message. Returns whether it was sent.
     */
    public boolean executeSelected() {
        RankedPlan plan = selected.get();
        if (executionRequests == null || plan == null || searched == null) {
            return error("Search and select a plan first.");
        }
        List<PlanPart> parts = plan.plan().parts();
        PlanPart part = parts.get(0);
        var config = part.shape().config();
        long id = storedId(plan, fleetPlan(plan));
        // the executor runs one GPU's shard of one replica; a plan of several parts is measured by its first part
        String which = parts.size() == 1 ? "" : "; its first part of " + parts.size() + " (" + part.count() + " x "
                + config.label() + ") runs, the others are not";
        executionRequests.send(new io.fleetwise.views.execute.ExecutionRequest(searched.model().name(), config.tp(),
                config.pp(), config.ep(), searched.preset(), searched.ratePerS() * shareOf(plan, 0) / part.count(),
                config.batching().maxBatchedTokens(), config, "plan #" + plan.rank() + " from Plans (" + plan.label() + ")"
                + (id > 0 ? ", stored as plan #" + id : "") + which, id));
        navigator.open(EXECUTE_AREA);
        info("Sent plan #" + plan.rank() + " to Execute" + which + ".");
        return true;
    }

    /** The share of all requests the plan's part {@code index} serves (all its replicas together). */
    private double shareOf(RankedPlan plan, int index) {
        return fleetPlan(plan).parts().get(index).routingShare();
    }

    /** Whether "Execute this plan" can send the selected plan (a single-part plan is selected). */
    public ReadOnlyBooleanProperty canExecuteSelectedProperty() {
        return canExecuteSelected.getReadOnlyProperty();
    }

    private final ReadOnlyBooleanWrapper canExecuteSelected = new ReadOnlyBooleanWrapper(this, "canExecuteSelected");

    private void updateCanSimulate() {
        RankedPlan plan = selected.get();
        canExecuteSelected.set(executionRequests != null && searched != null && plan != null);
        canSimulateSelected.set(simulationRequests != null && searched != null && plan != null);
        whyNotSimulate.set(whyNotSend(plan, simulationRequests != null, "Simulate"));
        whyNotExecute.set(whyNotSend(plan, executionRequests != null, "Execute"));
    }

    private final ReadOnlyStringWrapper whyNotSimulate = new ReadOnlyStringWrapper(this, "whyNotSimulate", "");
    private final ReadOnlyStringWrapper whyNotExecute = new ReadOnlyStringWrapper(this, "whyNotExecute", "");

    /** Why "Simulate this plan" cannot send the selection now; empty when it can. */
    public ReadOnlyStringProperty whyNotSimulateProperty() {
        return whyNotSimulate.getReadOnlyProperty();
    }

    /** Why "Execute this plan" cannot send the selection now; empty when it can. */
    public ReadOnlyStringProperty whyNotExecuteProperty() {
        return whyNotExecute.getReadOnlyProperty();
    }

    private String whyNotSend(RankedPlan plan, boolean connected, String area) {
        if (!connected) {
            return "This window has no " + area + " area to send a plan to.";
        }
        if (searched == null) {
            return area + " this plan: search first, then select a plan in the table.";
        }
        if (plan == null) {
            return area + " this plan: select a plan in the table.";
        }
        return "";
    }

    /** Whether "Simulate this plan" can send the selected plan (a single-part plan is selected). */
    public ReadOnlyBooleanProperty canSimulateSelectedProperty() {
        return canSimulateSelected.getReadOnlyProperty();
    }

    private String studyClusterText() {
        return STUDY_CLUSTER_PREFIX + studyCluster.name();
    }

    /** Validates the inputs and starts the search; returns false (and says why) on bad input. */
    public boolean search() {
        if (running.get()) {
            return error("A search is already running; cancel it first.");
        }
        SearchConfig config;
        try {
            config = config();
        } catch (RuntimeException | IOException e) {
            return error(e.getMessage());
        }
        Cluster c = config.cluster();
        // config() has checked the fields these are read from
        Searched thisSearch = new Searched(config.model(), preset.get().trim(), Double.parseDouble(rate.get().trim()),
                config.trace().size(), config.slo(), c);
        running.set(true);
        progress.set(0);
        info("Searching plans for " + config.model().name() + " on " + c.totalGpus() + " GPUs ...");
        handle = BackgroundTask.wrap("Plan search", listener -> service.search(config, forwarding(listener)))
                .onSuccess(r -> {
                    searched = thisSearch;
                    shownCalibration = config.calibration();
                    shownFingerprint = fingerprint.get();
                    searchedFingerprint = fingerprint.get();
                    storedIds.clear();
                    updateCanSimulate();
                    cluster.set(c);
                    calibrationInfo.set(calibrationLine(c, config.calibration()));
                    result.set(r);
                    plans.setAll(r.ranked());
                    selected.set(r.best().orElse(null));
                    if (r.ranked().isEmpty()) {
                        error("No plan: " + r.pruned(io.fleetwise.planner.search.PruneReason.MEMORY) + " of "
                                + r.shapesEnumerated() + " shapes do not fit memory. "
                                + r.candidates().stream().filter(x -> x.pruned() == io.fleetwise.planner.search.PruneReason.MEMORY)
                                .findFirst().map(x -> x.detail()).orElse(""));
                        return;
                    }
                    info(String.format(Locale.ROOT, "%d shapes, %d plans, %d simulated in %.1f s%s", r.shapesEnumerated(),
                            r.plansEnumerated(), r.simulated(), r.wallTimeS(),
                            r.budgetExhausted() ? " (time budget ran out: best found so far)" : ""));
                })
                .onFailure(e -> {
                    if (e instanceof CancellationException) {
                        info("Search cancelled.");
                    } else {
                        error("Search failed: " + e.getMessage());
                    }
                })
                .onFinished(() -> running.set(false))
                .executeWith(executor);
        return true;
    }

    /** "Predicted with H100-SXM calibration v2 (...)", per GPU type of the cluster when it has several. */
    static String calibrationLine(Cluster c, CalibrationSet calibrations) {
        List<String> types = c.groups().stream().map(g -> g.gpu().name()).distinct().sorted().toList();
        StringBuilder sb = new StringBuilder("Predicted with ");
        for (int i = 0; i < types.size(); i++) {
            String label = calibrations.labelFor(types.get(i));
            sb.append(i == 0 ? "" : "; ").append(types.size() == 1 ? label : types.get(i) + ": " + label);
        }
        return sb.append('.').toString();
    }

    /** Which calibration the shown plans were predicted with, per GPU type of the searched cluster. */
    public ReadOnlyStringProperty calibrationInfoProperty() {
        return calibrationInfo.getReadOnlyProperty();
    }

    public void cancel() {
        if (handle != null && !handle.isDone()) {
            handle.cancel();
        }
    }

    private ProgressListener forwarding(ProgressListener listener) {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String text) {
                listener.progress(fraction, text);
                uiThread.execute(() -> progress.set(fraction));
            }

            @Override
            public boolean isCancelled() {
                return listener.isCancelled();
            }
        };
    }

    /** The search the form asks for, checked and resolved by the plan-search service (same rules as the CLI). */
    SearchConfig config() throws IOException {
        return service.resolve(request());
    }

    PlanSearchRequest request() throws IOException {
        Catalog cat = catalog.get();
        String modelName = require(model.get(), "Model");
        String clusterField = require(clusterText.get(), "Cluster");
        Cluster c = studyCluster != null && clusterField.equals(studyClusterText()) ? studyCluster
                : parseCluster(clusterField, cat);
        double r = positive(rate.get(), "Rate (requests/s)");
        int n = (int) positive(requests.get(), "Requests");
        if (n != positive(requests.get(), "Requests") || n < 10) {
            throw new IllegalArgumentException("Requests: '" + requests.get() + "' must be a whole number >= 10.");
        }
        double inf = Double.POSITIVE_INFINITY;
        Slo slo = Slo.of(optionalPositive(sloTtftMs.get(), "SLO TTFT (ms)", inf), optionalPositive(sloTpotMs.get(), "SLO TPOT (ms)", inf),
                sloAttainment);
        List<DType> w = Arrays.stream(weights.get() == null ? new String[0] : weights.get().split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(DType::parse).toList();
        PlanSearchRequest defaults = PlanSearchRequest.of(modelName, c,
                WorkloadRequest.generated(require(preset.get(), "Preset"), r, n), slo, calibration.get());
        return defaults.withObjective(objective.get()).withFormats(w, defaults.kvDtypes())
                .withEffort(defaults.contenders(), positive(timeBudgetS.get(), "Time budget (s)"), defaults.threads());
    }

    /** A path to an existing cluster file, else the {@code 8xH100-SXM,8xA100-80GB-SXM} shorthand. */
    static Cluster parseCluster(String text, Catalog cat) throws IOException {
        String t = text.trim();
        if (t.toLowerCase(Locale.ROOT).endsWith(".json")) {
            Path p = Path.of(t);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("Cluster file " + p + " does not exist.");
            }
            return ClusterFiles.read(p, cat);
        }
        return ClusterFiles.parseShorthand(t, cat);
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty.");
        }
        return value.trim();
    }

    private static double positive(String text, String field) {
        double v;
        try {
            v = Double.parseDouble(require(text, field));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a number.");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + ": must be > 0, was " + text.trim() + ".");
        }
        return v;
    }

    private static double optionalPositive(String text, String field, double none) {
        return text == null || text.isBlank() ? none : positive(text, field);
    }

    private boolean error(String text) {
        message.set(text);
        messageIsError.set(true);
        return false;
    }

    private void info(String text) {
        message.set(text);
        messageIsError.set(false);
    }

    /** GPUs of the cluster with what the selected plan runs on each; empty before a search. */
    public List<GpuAssignment> selectedPlacement() {
        RankedPlan p = selected.get();
        return p == null || cluster.get() == null ? List.of() : p.plan().placement(cluster.get());
    }

    public ObservableList<String> models() {
        return models;
    }

    public ObservableList<String> presets() {
        return presets;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty clusterTextProperty() {
        return clusterText;
    }

    public StringProperty presetProperty() {
        return preset;
    }

    public StringProperty rateProperty() {
        return rate;
    }

    public StringProperty requestsProperty() {
        return requests;
    }

    public StringProperty sloTtftMsProperty() {
        return sloTtftMs;
    }

    public StringProperty sloTpotMsProperty() {
        return sloTpotMs;
    }

    public StringProperty weightsProperty() {
        return weights;
    }

    public StringProperty timeBudgetSProperty() {
        return timeBudgetS;
    }

    public ObjectProperty<SearchObjective> objectiveProperty() {
        return objective;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SearchResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Cluster> clusterProperty() {
        return cluster.getReadOnlyProperty();
    }

    public ObservableList<RankedPlan> plans() {
        return plans;
    }

    public ObjectProperty<RankedPlan> selectedProperty() {
        return selected;
    }
}
