package io.fleetwise.views.fleet;

import io.fleetwise.planner.alloc.simulated.FleetValidation;
import io.fleetwise.planner.alloc.AllocationProblem;
import java.util.Optional;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.value.ObservableValue;
import io.fleetwise.planner.study.StudyInputs;
import io.fleetwise.planner.service.FleetPlans;
import io.fleetwise.planner.plan.PlanStore;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.service.WorkloadRequest;
import io.fleetwise.planner.service.FleetAllocationService;
import io.fleetwise.planner.service.FleetAllocationRequest;
import io.fleetwise.planner.service.CapacitySettings;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.FleetResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.planner.workload.LengthPresets;
import io.fleetwise.views.common.RunStatus;
import io.fleetwise.views.common.ThrottledProgress;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The Fleet area: which GPU types (with prices and caps) may serve a model for a workload and SLO, solved by the
 * cost-aware allocator (Mélange's integer programme) against every single-type fleet, plus the cost-vs-rate sweep.
 * Throughput tables come from the simulator's capacity search per (replica config, workload bucket), run in the
 * background and cached. All inputs are properties, validated live; never touches a Node.
 */
public final class FleetViewModel {

    private final Supplier<Catalog> catalog;
    /** The price book as the study chose it; the shipped book until the application wires the user's. */
    private Supplier<io.fleetwise.planner.pricing.PriceResolver> prices = () -> new io.fleetwise.planner.pricing.PriceResolver(
            io.fleetwise.planner.pricing.ShippedPriceBook.load(), io.fleetwise.planner.pricing.PriceChoice.all());
    private final TaskExecutor executor;
    private final Executor uiThread;
    private final Supplier<CalibrationSet> calibration;
    private final FleetAllocationService service;
    private final CapacitySettings capacity;
    /** The study's allocation (or the defaults without a study); the form's edits are applied to it. */
    private FleetAllocationRequest base = FleetAllocationRequest.defaults();
    private FleetAllocationRequest lastRequest;
    private FleetAllocationService.Prepared lastPrepared;

    private final ObservableList<String> modelNames = FXCollections.observableArrayList();
    private final ObservableList<String> workloadNames = FXCollections.observableArrayList(LengthPresets.names());
    private final ObservableList<CandidateRow> candidates = FXCollections.observableArrayList(
            row -> new Observable[] {row.selectedProperty(), row.priceTextProperty(), row.capTextProperty()});
    private final StringProperty modelName = new SimpleStringProperty(this, "modelName");
    private final StringProperty workload = new SimpleStringProperty(this, "workload",
            FleetAllocationRequest.defaults().workload().lengthPreset());
    private final DoubleProperty ratePerS = new SimpleDoubleProperty(this, "ratePerS", FleetAllocationRequest.defaults().ratePerS());
    private final DoubleProperty sloTtftMs = new SimpleDoubleProperty(this, "sloTtftMs", FleetAllocationRequest.DEFAULT_SLO.ttftMs());
    private final DoubleProperty sloTpotMs = new SimpleDoubleProperty(this, "sloTpotMs", FleetAllocationRequest.DEFAULT_SLO.tpotMs());
    private final ObjectProperty<PriceKind> priceKind = new SimpleObjectProperty<>(this, "priceKind", PriceKind.ON_DEMAND);

    private final ReadOnlyStringWrapper validationMessage = new ReadOnlyStringWrapper(this, "validationMessage", "");
    private final RunStatus runStatus = new RunStatus(this, "Not solved yet.");
    private final ReadOnlyBooleanWrapper canSolve = new ReadOnlyBooleanWrapper(this, "canSolve", false);
    private final ReadOnlyStringWrapper throughputSource = new ReadOnlyStringWrapper(this, "throughputSource", "");
    private final javafx.beans.property.BooleanProperty band = new javafx.beans.property.SimpleBooleanProperty(this,
            "band", false);
    private final ReadOnlyStringWrapper bandText = new ReadOnlyStringWrapper(this, "bandText", "");

    private final ReadOnlyObjectWrapper<FleetOutcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private final ReadOnlyDoubleWrapper costPerHourUsd = new ReadOnlyDoubleWrapper(this, "costPerHourUsd", Double.NaN);
    private final ReadOnlyDoubleWrapper savingPercent = new ReadOnlyDoubleWrapper(this, "savingPercent", Double.NaN);
    private final ReadOnlyDoubleWrapper totalGpus = new ReadOnlyDoubleWrapper(this, "totalGpus", Double.NaN);
    private final ReadOnlyDoubleWrapper bestSingleCostPerHourUsd =
            new ReadOnlyDoubleWrapper(this, "bestSingleCostPerHourUsd", Double.NaN);
    private final ReadOnlyStringWrapper bestSingleName = new ReadOnlyStringWrapper(this, "bestSingleName", "");

    private final ReadOnlyDoubleWrapper fleetAttainment = new ReadOnlyDoubleWrapper(this, "fleetAttainment", Double.NaN);
    private final ReadOnlyStringWrapper attainmentMessage = new ReadOnlyStringWrapper(this, "attainmentMessage", "");
    private int validationRequests = FleetAllocationRequest.defaults().validationRequests();

    private TaskHandle current;
    private PlanStore planStore;
    private LongSupplier studyId;
    private ObservableValue<StudyDocument> study;
    /** The study-inputs fingerprint of the shown result (null when nothing is shown). */
    private String solvedFingerprint;
    private FleetAllocationService.FleetAllocation lastAllocation;
    private final ReadOnlyStringWrapper staleNote = new ReadOnlyStringWrapper(this, "staleNote", "");
    private final ReadOnlyLongWrapper savedPlanId = new ReadOnlyLongWrapper(this, "savedPlanId", 0);

    /**
     * @param catalog           the current catalog (built-in plus the user's price overrides)
     * @param calibration       the calibrations in use now (each solve predicts with the set current when it starts)
     * @param service           the fleet allocation every area shares (its throughput-table cache included)
     * @param requestsPerSearch requests per capacity-search simulation (fewer = faster, coarser)
     * @param uiThread          where progress updates land (Platform::runLater in the app, Runnable::run in tests)
     */
    public FleetViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration, FleetAllocationService service,
                          TaskExecutor executor, Executor uiThread, int requestsPerSearch) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.service = Objects.requireNonNull(service, "service");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.capacity = CapacitySettings.defaults().withRequestsPerSearch(requestsPerSearch);
        Observable[] inputs = {modelName, workload, ratePerS, sloTtftMs, sloTpotMs, priceKind, candidates, runStatus.runningProperty()};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        priceKind.addListener((o, a, kind) -> fillPrices());
        reload();
    }

    /** A view model with its own fleet allocation service (tests; the app shares one between areas). */
    public FleetViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration, TaskExecutor executor,
                          Executor uiThread, int requestsPerSearch) {
        this(catalog, calibration, FleetAllocationService.withDefaults(catalog), executor, uiThread, requestsPerSearch);
    }

    /** Requests per capacity-search simulation in the app: the fleet allocation's default (see CapacitySettings). */
    public static final int DEFAULT_REQUESTS_PER_SEARCH = CapacitySettings.DEFAULT_REQUESTS_PER_SEARCH;

    /** Key of the fleet plan among a study's results. */
    public static final String STUDY_RESULT_KEY = FleetResultJson.KEY;
    /** Fields of the stored fleet result holding the lossless problem and mix (AllocationJson's storage form). */
    public static final String STORED_PROBLEM = FleetResultJson.PROBLEM;
    public static final String STORED_RESULT = FleetResultJson.RESULT;

    /** A view model preset from the open study (see {@link #keepPlansIn} for where its plans are kept). */
    public static FleetViewModel forStudy(StudyDocument study, Supplier<Catalog> catalog,
                                          Supplier<CalibrationSet> calibration, FleetAllocationService service,
                                          TaskExecutor executor, Executor uiThread) {
        FleetViewModel vm = new FleetViewModel(catalog, calibration, service, executor, uiThread,
                DEFAULT_REQUESTS_PER_SEARCH);
        vm.applyStudy(study);
        return vm;
    }

    /** Reads models, GPU types and prices again (prices of the chosen kind; user overrides included). */
    public void reload() {
        Catalog c = catalog.get();
        modelNames.setAll(c.models().stream().map(ModelSpec::name).toList());
        if (modelName.get() == null || !modelNames.contains(modelName.get())) {
            modelName.set(modelNames.contains("Llama-3.1-70B") ? "Llama-3.1-70B" : modelNames.isEmpty() ? null : modelNames.get(0));
        }
        Map<String, CandidateRow> old = new LinkedHashMap<>();
        candidates.forEach(r -> old.put(r.gpuName(), r));
        List<CandidateRow> rows = new ArrayList<>();
        for (GpuType g : c.gpus()) {
            rows.add(old.getOrDefault(g.name(), new CandidateRow(g.name())));
        }
        candidates.setAll(rows);
        fillPrices();
    }

    /** Selects exactly these GPU types (e.g. a study's palette); unknown names are ignored. */
    public void selectGpuTypes(List<String> names) {
        for (CandidateRow row : candidates) {
            row.selectedProperty().set(names.stream().anyMatch(n -> n.equalsIgnoreCase(row.gpuName())));
        }
    }

    /** Stores a change to the open study; {@code CurrentStudy::edit} in the app. */
    @FunctionalInterface
    public interface StudyEditor {
        boolean edit(UnaryOperator<StudyDocument> change);
    }

    /**
     * Takes the study's model, GPU palette (its node groups' GPU types; a group's explicit availability cap
     * becomes the type's cap), workload preset and rate, and SLO. Missing pieces leave the current choice.
     */
    public void applyStudy(StudyDocument study) {
        try {
            base = service.requestFor(study, calibration.get());
        } catch (RuntimeException e) {
            base = FleetAllocationRequest.defaults(); // a study without model or cluster: the form's defaults stand
        }
        if (modelNames.contains(study.modelName())) {
            modelName.set(study.modelName());
        }
        if (study.workload().source() != WorkloadSpec.Source.TRACE && workloadNames.contains(study.workload().lengthPreset())) {
            workload.set(study.workload().lengthPreset());
        }
        if (!study.nodeGroups().isEmpty()) {
            List<String> types = study.nodeGroups().stream().map(g -> g.gpu().name()).distinct().toList();
            List<String> hosting = typesThatHost(types);
            selectGpuTypes(hosting);
            if (hosting.size() < types.size()) {
                List<String> left = types.stream().filter(t -> !hosting.contains(t)).toList();
                runStatus.info("Left unselected: " + String.join(", ", left) + " cannot host " + modelName.get()
                        + " with a KV pool that can serve, even pipelined over 8 nodes.");
            }
            Map<String, Integer> caps = new LinkedHashMap<>();
            for (NodeGroup g : study.nodeGroups()) {
                if (g.availabilityCapGpus() > 0) {
                    caps.merge(g.gpu().name(), g.availabilityCapGpus(), Integer::sum);
                }
            }
            for (CandidateRow row : candidates) {
                Integer cap = caps.get(row.gpuName());
                row.capTextProperty().set(cap == null ? "" : cap.toString());
            }
        }
        ratePerS.set(study.workload().ratePerS());
        if (Double.isFinite(study.slo().ttftMs())) {
            sloTtftMs.set(study.slo().ttftMs());
        }
        if (Double.isFinite(study.slo().tpotMs())) {
            sloTpotMs.set(study.slo().tpotMs());
        }
    }

    /**
     * The GPU types among {@code types} that can host the chosen model as the fleet allocation sizes replicas (all
     * when the model is not known yet: the form's validation names that).
     */
    private List<String> typesThatHost(List<String> types) {
        return service.typesThatHost(modelName.get(), types, base.replicaSizesPerType());
    }

    /**
     * Keeps solved plans as rows under the open study ({@code store}, study {@code studyId}) and shows the study's
     * latest saved fleet plan now, marked stale when the study's inputs changed since. Returns this.
     */
    public FleetViewModel keepPlansIn(PlanStore store, LongSupplier studyId) {
        this.planStore = Objects.requireNonNull(store, "store");
        this.studyId = Objects.requireNonNull(studyId, "studyId");
        showSavedPlan();
        return this;
    }

    /** Follows the open study: its edits reach the form, and a shown result goes stale when its inputs changed. */
    public FleetViewModel followStudy(ObservableValue<StudyDocument> study) {
        this.study = Objects.requireNonNull(study, "study");
        study.addListener((o, before, after) -> {
            if (after != null && (before == null || !StudyInputs.fingerprint(before, catalog.get(), calibration.get())
                    .equals(StudyInputs.fingerprint(after, catalog.get(), calibration.get())))) {
                applyStudy(after);
            }
            updateStale();
        });
        updateStale();
        return this;
    }

    /** Stores the solved plan as a row under the study (with the allocator's problem and mix, for the report). */
    public void saveToStudy() {
        if (planStore == null || lastAllocation == null) {
            info(planStore == null ? "No study is open to save the plan in." : "Solve first: there is no plan to save.");
            return;
        }
        Optional<FleetPlan> plan = FleetPlans.of(lastAllocation);
        if (plan.isEmpty()) {
            failed("There is no plan to save: " + lastAllocation.comparison().mix().message());
            return;
        }
        PlanStore.StoredPlan stored = planStore.save(studyId.getAsLong(),
                plan.get().withProvenance(plan.get().provenance().withInputFingerprint(solvedFingerprint)),
                lastAllocation.stored());
        savedPlanId.set(stored.id());
        if (studyEditor != null && shownBand != null) {
            // the band goes with this plan row, so the study's report can say how sure that fleet is
            com.fasterxml.jackson.databind.node.ObjectNode saved = com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode();
            saved.put(io.fleetwise.planner.study.FleetResultJson.BAND_PLAN_ID, stored.id());
            saved.set(io.fleetwise.planner.uncertainty.AllocationBandJson.KEY,
                    io.fleetwise.planner.uncertainty.AllocationBandJson.of(shownBand));
            studyEditor.edit(doc -> doc.withResult(io.fleetwise.planner.study.FleetResultJson.BAND_KEY, saved));
        }
        info("Saved as plan #" + stored.id() + " in the study: " + stored.plan().label() + ".");
    }

    /** The study's latest saved fleet plan, shown as the area's result (baselines and sweep re-solved from it). */
    private void showSavedPlan() {
        Optional<PlanStore.StoredPlan> saved = planStore.plansOf(studyId.getAsLong()).stream()
                .filter(p -> p.plan().provenance().service().equals(FleetPlan.FLEET_ALLOCATION)
                        && p.allocation().isPresent()).findFirst();
        if (saved.isEmpty()) {
            return;
        }
        PlanStore.StoredPlan plan = saved.get();
        PlanStore.Allocation a = plan.allocation().get();
        AllocationProblem problem = a.problem();
        double attainmentTarget = base.slo().attainment();
        runStatus.start("Loading saved plan #" + plan.id() + " ...");
        // the single-type baselines and the sweep are not stored: re-solved from the stored problem (milliseconds each)
        current = BackgroundTask.wrap("Saved fleet plan", p -> {
                    FleetAllocationService.Solution fresh = FleetAllocationService.solve(problem,
                            FleetAllocationRequest.defaults().solver(), io.fleetwise.planner.alloc.RateSweep.evenlySpaced(
                                    problem.totalRatePerSecond() * 0.25, problem.totalRatePerSecond() * 2,
                                    FleetAllocationRequest.defaults().sweepPoints()), p);
                    BaselineComparison comparison = new BaselineComparison(a.result(), fresh.comparison().singleTypeFleets());
                    FleetPlan.Predicted predicted = plan.plan().predicted();
                    FleetValidation validation = predicted.simulated() ? new FleetValidation(predicted.sloAttainment(),
                            attainmentTarget, predicted.sloAttainment() >= attainmentTarget, 0, 0, predicted.ratePerS(),
                            Map.of(), "") : null;
                    // the solve's word on the requests it left out, as it was shown when the plan was solved
                    List<String> notes = a.leftOut().isEmpty() ? List.of() : List.of(a.leftOut());
                    return new FleetOutcome(problem, comparison, fresh.sweep(), validation, notes, 0, 0, 0);
                })
                .onSuccess(o -> {
                    solvedFingerprint = plan.plan().provenance().inputFingerprint();
                    publish(o);
                    savedPlanId.set(plan.id());
                    info("Saved plan #" + plan.id() + " of " + plan.createdAt().toString().substring(0, 16)
                            .replace('T', ' ') + " UTC: " + plan.plan().label() + " for $"
                            + String.format(Locale.ROOT, "%.2f", a.result().costPerHourUsd()) + "/h.");
                    updateStale();
                })
                .onFailure(e -> failed("Cannot show saved plan #" + plan.id() + ": " + e.getMessage()))
                .onCancelled(() -> runStatus.cancelled("Loading the saved plan was cancelled."))
                .executeWith(executor);
    }

    /** Marks the shown result stale when the study's inputs (or the calibration) changed since it was computed. */
    void updateStale() {
        if (outcome.get() == null || study == null || solvedFingerprint == null) {
            staleNote.set("");
            return;
        }
        String now = service.inputsFingerprint(study.getValue(), calibration.get());
        staleNote.set(now.equals(solvedFingerprint) ? "" : STALE_NOTE);
    }

    /** What the area says over a result whose inputs changed. */
    public static final String STALE_NOTE = "Stale: the study's inputs changed since this plan was solved. "
            + "Press Solve to recompute.";

    /** Non-empty when the shown result no longer matches the study's inputs. */
    public ReadOnlyStringProperty staleNoteProperty() {
        return staleNote.getReadOnlyProperty();
    }

    /** The id of the shown plan's row in the study (0 when it is not saved). */
    public ReadOnlyLongProperty savedPlanIdProperty() {
        return savedPlanId.getReadOnlyProperty();
    }

    private void fillPrices() {
        Catalog c = catalog.get();
        PriceSelection catalogPrices = PriceSelection.of(priceKind.get(), prices.get());
        for (CandidateRow row : candidates) {
            String text;
            try {
                text = String.format(Locale.ROOT, "%.3f", catalogPrices.pricePerGpuHourUsd(c.gpu(row.gpuName())))
                        .replaceAll("0+$", "").replaceAll("\\.$", "");
            } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
                text = "";
            }
            row.priceTextProperty().set(text);
        }
        validate();
    }

    private Inputs validate() {
        try {
            FleetAllocationRequest request = checkedRequest();
            if (!request.equals(lastRequest)) {
                lastPrepared = service.prepare(request);
                lastRequest = request;
            }
            for (CandidateRow row : candidates) {
                // every replica size the service considers for this type (it may mix them), not just the first
                row.replica.set(String.join(", ", lastPrepared.replicas().stream()
                        .filter(r -> r.gpu().name().equals(row.gpuName()))
                        .map(r -> "TP" + r.tp() + (r.pp() > 1 ? " PP" + r.pp() : "")).distinct().toList()));
            }
            validationMessage.set("");
            canSolve.set(!runStatus.isRunning());
            return new Inputs(request);
        } catch (IllegalArgumentException e) {
            candidates.forEach(row -> row.replica.set(""));
            validationMessage.set(e.getMessage());
            canSolve.set(false);
            return null;
        }
    }

    private record Inputs(FleetAllocationRequest request) {
    }

    /**
     * The request the form stands for: the study's allocation with what the user changed in the form (model, GPU
     * types, entered prices and caps, workload preset, rate, SLO targets). An untouched form is the study's request.
     */
    FleetAllocationRequest checkedRequest() {
        Catalog c = catalog.get();
        if (modelName.get() == null) {
            throw new IllegalArgumentException("Choose a model.");
        }
        List<String> types = new ArrayList<>();
        Map<String, Double> prices = new LinkedHashMap<>();
        Map<String, Integer> caps = new LinkedHashMap<>();
        PriceSelection catalogPrices = PriceSelection.of(priceKind.get(), this.prices.get());
        for (CandidateRow row : candidates) {
            if (!row.selectedProperty().get()) {
                continue;
            }
            types.add(row.gpuName());
            double entered = price(row);
            Double listed = catalogPrice(catalogPrices, c, row.gpuName());
            if (listed == null || Math.abs(entered - Math.round(listed * 1000) / 1000.0) > 1e-9) {
                prices.put(row.gpuName(), entered);
            }
            String cap = row.capTextProperty().get() == null ? "" : row.capTextProperty().get().trim();
            if (!cap.isEmpty()) {
                try {
                    caps.put(row.gpuName(), Integer.parseInt(cap));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Cap for " + row.gpuName() + ": '" + cap
                            + "' is not a whole number of GPUs (leave blank for no cap).");
                }
            }
        }
        String preset = workload.get();
        if (preset == null || !workloadNames.contains(preset)) {
            throw new IllegalArgumentException("Workload '" + preset + "' is not one of " + LengthPresets.names() + ".");
        }
        WorkloadRequest w = base.workload().isGenerated() && base.workload().lengthPreset().equals(preset)
                ? base.workload() : WorkloadRequest.generated(preset, ratePerS.get(), WorkloadRequest.DEFAULT_REQUESTS);
        if (!(sloTtftMs.get() > 0) || !(sloTpotMs.get() > 0)) {
            throw new IllegalArgumentException("SLO targets must be > 0 ms, were TTFT " + sloTtftMs.get() + " and TPOT "
                    + sloTpotMs.get() + ".");
        }
        Slo slo = new Slo(sloTtftMs.get(), sloTpotMs.get(), base.slo().e2eMs(), base.slo().attainment());
        return base.withModel(modelName.get()).withCandidates(types, prices, caps).withWorkload(w, ratePerS.get())
                .withSlo(slo).withPriceKind(priceKind.get()).withPriceBook(this.prices.get())
                .withSizing(base.replicaSizesPerType(), capacity)
                .withChecks(true, validationRequests, base.sweepPoints()).withCalibration(calibration.get());
    }

    private static Double catalogPrice(PriceSelection prices, Catalog c, String gpu) {
        try {
            return prices.pricePerGpuHourUsd(c.gpu(gpu));
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            return null;
        }
    }

    private double price(CandidateRow row) {
        String text = row.priceTextProperty().get() == null ? "" : row.priceTextProperty().get().trim().replace("$", "");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("No " + priceKind.get().label() + " price for " + row.gpuName()
                    + " in the catalog; enter one ($ per GPU-hour).");
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Price for " + row.gpuName() + ": '" + text + "' is not a number.");
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Price for " + row.gpuName() + " must be >= 0 $/h, was '" + text + "'.");
        }
        return v;
    }

    /** Builds throughput tables (cached), solves the mix and every single type, then sweeps the rate. */
    public void solve() {
        Inputs in = validate();
        if (in == null || runStatus.isRunning()) {
            return;
        }
        clearResults();
        runStatus.start("Solving for " + in.request().gpuTypes().size() + " candidate types ...");
        String fingerprint = study == null ? null
                : service.inputsFingerprint(study.getValue(), in.request().calibration());
        current = BackgroundTask.wrap("Fleet allocation", p -> compute(in, p))
                .onSuccess(o -> {
                    solvedFingerprint = fingerprint;
                    savedPlanId.set(0);
                    publish(o);
                    updateStale();
                })
                .onFailure(e -> failed("Solve failed: " + e.getMessage()))
                .onCancelled(() -> runStatus.cancelled(
                        "Solve cancelled; capacity searches that finished are kept for the next solve."))
                .executeWith(executor);
    }

    private FleetOutcome compute(Inputs in, ProgressListener p) {
        FleetAllocationService.FleetAllocation a = service.allocate(in.request(),
                new ThrottledProgress(p, uiThread, this::showProgress, 0, band.get() ? 0.5 : 1));
        lastAllocation = a;
        FleetAllocationService.Solution s = a.solution();
        lastBand = s.comparison().mix().hasPlan() && band.get()
                ? service.band(a, io.fleetwise.planner.uncertainty.ModelErrorBand.validated(),
                        new ThrottledProgress(p, uiThread, this::showProgress, 0.5, 1))
                : null;
        return new FleetOutcome(s.problem(), s.comparison(), s.sweep(), s.validation().orElse(null), s.notes(),
                in.request().capacity().requestsPerSearch(), a.searchesRun(), a.wallSeconds());
    }

    /** Written by the solve's background thread, read when its outcome is published. */
    private volatile io.fleetwise.planner.uncertainty.AllocationBand lastBand;
    /** The band of the outcome shown (null when not assessed). */
    private io.fleetwise.planner.uncertainty.AllocationBand shownBand;

    private StudyEditor studyEditor;

    /** Saves the error band of a saved plan into the open study through {@code editor} ({@code CurrentStudy::edit}). */
    public FleetViewModel savingBandThrough(StudyEditor editor) {
        this.studyEditor = Objects.requireNonNull(editor, "editor");
        return this;
    }

    /** Shows an outcome solved elsewhere (tests share one slow solve between view models). */
    void publishForTest(FleetOutcome o) {
        publish(o);
    }

    private void publish(FleetOutcome o) {
        runStatus.end(1);
        shownBand = lastBand;
        bandText.set(shownBand == null ? "" : shownBand.describe() + ".");
        outcome.set(o);
        AllocationResult mix = o.comparison().mix();
        throughputSource.set(o.requestsPerSimulation() == 0
                ? "Throughputs: as simulated when the saved plan was solved (Solve re-runs the capacity searches)."
                : String.format(Locale.ROOT, "Throughputs: %s (capacity search per replica config and bucket, "
                        + "%d requests per simulation; %d searched now, the rest stored).%s",
                ThroughputSource.SIMULATED.label(), o.requestsPerSimulation(), o.searches(),
                o.notes().isEmpty() ? "" : " " + String.join(" ", o.notes())));
        o.comparison().bestSingleType().ifPresentOrElse(best -> {
            bestSingleCostPerHourUsd.set(best.costPerHourUsd());
            bestSingleName.set(BaselineComparison.candidateOf(best));
        }, () -> {
            bestSingleCostPerHourUsd.set(Double.NaN);
            bestSingleName.set("");
        });
        if (!mix.hasPlan()) {
            failed("No plan: " + mix.message());
            return;
        }
        costPerHourUsd.set(mix.costPerHourUsd());
        if (o.validation() != null) {
            attainmentMessage.set(String.format(Locale.ROOT, "%s the %.0f%% target", o.validation().meetsSlo()
                    ? "meets" : "MISSES", 100 * o.validation().targetAttainment()));
            fleetAttainment.set(o.validation().sloAttainment());
        }
        savingPercent.set(o.comparison().savingPercent());
        totalGpus.set(mix.totalGpus());
        String gap = mix.status().name().equals("OPTIMAL") ? "optimal" : String.format(Locale.ROOT, "%s, gap %.2g",
                mix.status().name().toLowerCase(Locale.ROOT), mix.relativeGap());
        info(String.format(Locale.ROOT, "Mix: %s for $%.2f/h (%s, solved in %.0f ms; %.1f s in all).",
                describe(mix), mix.costPerHourUsd(), gap, mix.solveTimeMs(), o.wallSeconds()));
    }

    static String describe(AllocationResult r) {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < r.candidates().size(); c++) {
            if (r.replicaCounts().get(c) > 0) {
                parts.add(r.replicaCounts().get(c) + " x " + r.candidates().get(c).name());
            }
        }
        return parts.isEmpty() ? "nothing" : String.join(" + ", parts);
    }

    public void cancel() {
        if (current != null && runStatus.isRunning()) {
            current.cancel();
        }
    }

    private void showProgress(double fraction, String message) {
        runStatus.showProgress(fraction, message);
    }

    private void clearResults() {
        outcome.set(null);
        shownBand = null;
        bandText.set("");
        costPerHourUsd.set(Double.NaN);
        savingPercent.set(Double.NaN);
        totalGpus.set(Double.NaN);
        fleetAttainment.set(Double.NaN);
        attainmentMessage.set("");
        bestSingleCostPerHourUsd.set(Double.NaN);
        bestSingleName.set("");
        throughputSource.set("");
    }

    private void failed(String text) {
        runStatus.failed(text);
    }

    private void info(String text) {
        runStatus.info(text);
    }

    /** Whether plans can be saved (a study is open); the Save button shows only then. */
    public boolean canSaveToStudy() {
        return planStore != null;
    }

    public ObservableList<String> modelNames() {
        return modelNames;
    }

    public ObservableList<String> workloadNames() {
        return workloadNames;
    }

    public ObservableList<CandidateRow> candidates() {
        return candidates;
    }

    public StringProperty modelNameProperty() {
        return modelName;
    }

    public StringProperty workloadProperty() {
        return workload;
    }

    public DoubleProperty ratePerSProperty() {
        return ratePerS;
    }

    public DoubleProperty sloTtftMsProperty() {
        return sloTtftMs;
    }

    public DoubleProperty sloTpotMsProperty() {
        return sloTpotMs;
    }

    /** Prices from this price book (the user's, as the study chose it) rather than the shipped one. */
    public FleetViewModel pricedFrom(Supplier<io.fleetwise.planner.pricing.PriceResolver> resolver) {
        this.prices = Objects.requireNonNull(resolver, "resolver");
        fillPrices();
        return this;
    }

    /** Solves at both ends of the model's error band too (the application's default; tests leave it off for speed). */
    public FleetViewModel withBand() {
        band.set(true);
        return this;
    }

    /** Whether a solve also plans at both ends of the model's error band (up to three times the capacity searches). */
    public javafx.beans.property.BooleanProperty bandProperty() {
        return band;
    }

    /** Whether the mix changes within the model's error band and how far the cost moves; empty when not assessed. */
    public ReadOnlyStringProperty bandTextProperty() {
        return bandText.getReadOnlyProperty();
    }

    public ObjectProperty<PriceKind> priceKindProperty() {
        return priceKind;
    }

    public ReadOnlyStringProperty validationMessageProperty() {
        return validationMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runStatus.runningProperty();
    }

    public ReadOnlyBooleanProperty canSolveProperty() {
        return canSolve.getReadOnlyProperty();
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

    public ReadOnlyStringProperty throughputSourceProperty() {
        return throughputSource.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FleetOutcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty costPerHourUsdProperty() {
        return costPerHourUsd.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty savingPercentProperty() {
        return savingPercent.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty totalGpusProperty() {
        return totalGpus.getReadOnlyProperty();
    }

    /** SLO attainment the whole planned fleet reached in simulation (0..1); NaN before a plan is validated. */
    public ReadOnlyDoubleProperty fleetAttainmentProperty() {
        return fleetAttainment.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty attainmentMessageProperty() {
        return attainmentMessage.getReadOnlyProperty();
    }

    /** Requests in the validation simulation of the planned fleet (tests use fewer). */
    public void setValidationRequests(int requests) {
        this.validationRequests = requests;
    }

    public ReadOnlyDoubleProperty bestSingleCostPerHourUsdProperty() {
        return bestSingleCostPerHourUsd.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bestSingleNameProperty() {
        return bestSingleName.getReadOnlyProperty();
    }
}
