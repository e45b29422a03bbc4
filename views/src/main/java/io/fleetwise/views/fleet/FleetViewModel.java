package io.fleetwise.views.fleet;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.RateSweep;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.alloc.simulated.FleetValidation;
import io.fleetwise.planner.alloc.simulated.FleetValidationStore;
import io.fleetwise.planner.alloc.simulated.FleetValidator;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.study.FleetResultJson;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.planner.workload.LengthDistribution;
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
import java.util.SplittableRandom;
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

    /** Input and output length bucket edges (tokens); lengths past the last edge fall in the last bucket. */
    static final int[] INPUT_EDGES = {0, 512, 2048, 8192};
    static final int[] OUTPUT_EDGES = {0, 128, 512, 2048};
    static final int[] TP_CHOICES = {1, 2, 4, 8};
    static final int SWEEP_POINTS = 8;
    private static final int SHARE_SAMPLES = 20_000;

    private final Supplier<Catalog> catalog;
    /** The price book as the study chose it; the shipped book until the application wires the user's. */
    private Supplier<io.fleetwise.planner.pricing.PriceResolver> prices = () -> new io.fleetwise.planner.pricing.PriceResolver(
            io.fleetwise.planner.pricing.ShippedPriceBook.load(), io.fleetwise.planner.pricing.PriceChoice.all());
    private final TaskExecutor executor;
    private final Executor uiThread;
    private final SimulatedThroughputTables tables;
    private final Supplier<CalibrationSet> calibration;
    private final FleetAllocator allocator = new FleetAllocator();

    private final ObservableList<String> modelNames = FXCollections.observableArrayList();
    private final ObservableList<String> workloadNames = FXCollections.observableArrayList(LengthPresets.names());
    private final ObservableList<CandidateRow> candidates = FXCollections.observableArrayList(
            row -> new Observable[] {row.selectedProperty(), row.priceTextProperty(), row.capTextProperty()});
    private final StringProperty modelName = new SimpleStringProperty(this, "modelName");
    private final StringProperty workload = new SimpleStringProperty(this, "workload", "chat");
    private final DoubleProperty ratePerS = new SimpleDoubleProperty(this, "ratePerS", 20);
    private final DoubleProperty sloTtftMs = new SimpleDoubleProperty(this, "sloTtftMs", 2000);
    private final DoubleProperty sloTpotMs = new SimpleDoubleProperty(this, "sloTpotMs", 100);
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
    private int validationRequests = 1000;
    /** Validations of plans solved before: a solve that comes back to the same plan reads its attainment back. */
    private FleetValidationStore validations = FleetValidationStore.inMemory();
    private StudyEditor studyEditor;

    private TaskHandle current;

    /**
     * @param catalog           the current catalog (built-in plus the user's price overrides)
     * @param calibration       the calibrations in use now (each solve predicts with the set current when it starts)
     * @param requestsPerSearch requests per capacity-search simulation (fewer = faster, coarser)
     * @param uiThread          where progress updates land (Platform::runLater in the app, Runnable::run in tests)
     */
    public FleetViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration, TaskExecutor executor,
                          Executor uiThread, int requestsPerSearch) {
        this(catalog, calibration, executor, uiThread, requestsPerSearch, ThroughputCellStore.inMemory());
    }

    /** @param cells where throughput cells are kept (the database's store in the app, shared with every area) */
    public FleetViewModel(Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration, TaskExecutor executor,
                          Executor uiThread, int requestsPerSearch, ThroughputCellStore cells) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.tables = new SimulatedThroughputTables(requestsPerSearch, cells);
        Observable[] inputs = {modelName, workload, ratePerS, sloTtftMs, sloTpotMs, priceKind, candidates, runStatus.runningProperty()};
        for (Observable o : inputs) {
            o.addListener(x -> validate());
        }
        priceKind.addListener((o, a, kind) -> fillPrices());
        reload();
    }

    /**
     * Requests per capacity-search simulation in the app: well above one batch (256 sequences), so a burst cannot
     * finish inside the SLO just because the trace ends; fewer made short buckets look unboundedly fast.
     */
    public static final int DEFAULT_REQUESTS_PER_SEARCH = 800;

    /** Key of the fleet plan among a study's results. */
    public static final String STUDY_RESULT_KEY = FleetResultJson.KEY;
    /** Fields of the stored fleet result holding the lossless problem and mix (AllocationJson's storage form). */
    public static final String STORED_PROBLEM = FleetResultJson.PROBLEM;
    public static final String STORED_RESULT = FleetResultJson.RESULT;

    /** A view model preset from the open study, saving its plans back through {@code editor}. */
    public static FleetViewModel forStudy(StudyDocument study, StudyEditor editor, Supplier<Catalog> catalog,
                                          Supplier<CalibrationSet> calibration, TaskExecutor executor, Executor uiThread) {
        return forStudy(study, editor, catalog, calibration, executor, uiThread, ThroughputCellStore.inMemory());
    }

    /** As {@link #forStudy(StudyDocument, StudyEditor, Supplier, Supplier, TaskExecutor, Executor)}, keeping cells in {@code cells}. */
    public static FleetViewModel forStudy(StudyDocument study, StudyEditor editor, Supplier<Catalog> catalog,
                                          Supplier<CalibrationSet> calibration, TaskExecutor executor, Executor uiThread,
                                          ThroughputCellStore cells) {
        FleetViewModel vm = new FleetViewModel(catalog, calibration, executor, uiThread, DEFAULT_REQUESTS_PER_SEARCH, cells);
        vm.studyEditor = editor;
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
                        + " on up to 8 GPUs with a KV pool for the workload's longest requests (engine-sized memory).");
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
        if (study.workload().source() != WorkloadSpec.Source.TRACE && workloadNames.contains(study.workload().lengthPreset())) {
            workload.set(study.workload().lengthPreset());
        }
        ratePerS.set(study.workload().ratePerS());
        if (Double.isFinite(study.slo().ttftMs())) {
            sloTtftMs.set(study.slo().ttftMs());
        }
        if (Double.isFinite(study.slo().tpotMs())) {
            sloTpotMs.set(study.slo().tpotMs());
        }
    }

    /** The GPU types among {@code types} that can host the chosen model for the chosen workload (all if unknown yet). */
    private List<String> typesThatHost(List<String> types) {
        Catalog c = catalog.get();
        try {
            ModelSpec model = c.model(modelName.get());
            List<WorkloadBucket> buckets = buckets(workload.get());
            int longest = buckets.stream().mapToInt(b -> b.representativeInputTokens() + b.representativeOutputTokens())
                    .max().orElse(1);
            List<String> out = new ArrayList<>();
            for (String t : types) {
                if (smallestReplica(model, c.gpu(t), longest) != null) {
                    out.add(t);
                }
            }
            return out;
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            return types; // the form's validation names what is wrong
        }
    }

    /** Stores the solved plan (problem, mix, baselines, validation) in the study under "fleet". */
    /** The model the shown outcome was solved for (a saved result names it, so a report never shows it for another). */
    private String solvedModel = "";

    public void saveToStudy() {
        FleetOutcome o = outcome.get();
        if (studyEditor == null || o == null) {
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode report = AllocationJson.report(o.problem(), o.comparison());
        if (o.validation() != null) {
            report.put("validatedSloAttainment", o.validation().sloAttainment());
            report.put("validationMeetsSlo", o.validation().meetsSlo());
        }
        report.put("throughputSource", throughputSource.get());
        report.put("model", solvedModel);
        report.put("priceKind", priceKind.get().key());
        report.put("priceBook", prices.get().book().fingerprint());
        if (shownBand != null) {
            report.set(io.fleetwise.planner.uncertainty.AllocationBandJson.KEY,
                    io.fleetwise.planner.uncertainty.AllocationBandJson.of(shownBand));
        }
        // lossless copies, so the study's report can show this exact allocation instead of computing one
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            report.set(STORED_PROBLEM, json.readTree(AllocationJson.writeProblem(o.problem())));
            report.set(STORED_RESULT, json.readTree(AllocationJson.write(o.comparison().mix())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the allocation", e);
        }
        boolean stored = studyEditor.edit(doc -> doc.withResult(STUDY_RESULT_KEY, report));
        info(stored ? "Saved the plan to the study under \"" + STUDY_RESULT_KEY + "\"." : "The study did not change.");
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

    private record Inputs(ModelSpec model, List<WorkloadBucket> buckets, Slo slo, double rate,
                          List<ReplicaConfig> replicas, List<Double> pricesPerGpuHour, Map<String, Integer> caps,
                          CalibrationSet calibration) {
    }

    private Inputs validate() {
        try {
            Inputs in = checkedInputs();
            validationMessage.set("");
            canSolve.set(!runStatus.isRunning());
            return in;
        } catch (IllegalArgumentException e) {
            validationMessage.set(e.getMessage());
            canSolve.set(false);
            return null;
        }
    }

    private Inputs checkedInputs() {
        Catalog c = catalog.get();
        if (modelName.get() == null) {
            throw new IllegalArgumentException("Choose a model.");
        }
        ModelSpec model;
        try {
            model = c.model(modelName.get());
        } catch (java.util.NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        double rate = ratePerS.get();
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("Request rate must be > 0 req/s, was " + rate + ".");
        }
        if (!(sloTtftMs.get() > 0) || !(sloTpotMs.get() > 0)) {
            throw new IllegalArgumentException("SLO targets must be > 0 ms, were TTFT " + sloTtftMs.get() + " and TPOT "
                    + sloTpotMs.get() + ".");
        }
        List<WorkloadBucket> buckets = buckets(workload.get());
        int longest = buckets.stream().mapToInt(b -> b.representativeInputTokens() + b.representativeOutputTokens())
                .max().orElse(1);
        List<ReplicaConfig> replicas = new ArrayList<>();
        List<Double> prices = new ArrayList<>();
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (CandidateRow row : candidates) {
            row.replica.set("");
            if (!row.selectedProperty().get()) {
                continue;
            }
            GpuType gpu = c.gpu(row.gpuName());
            ReplicaConfig replica = smallestReplica(model, gpu, longest);
            if (replica == null) {
                throw new IllegalArgumentException(model.name() + " does not fit on up to 8 x " + gpu.name()
                        + " (bf16 weights plus KV for " + longest + " tokens). Maybe unselect " + gpu.name() + ".");
            }
            row.replica.set("TP" + replica.tp());
            replicas.add(replica);
            prices.add(price(row));
            String cap = row.capTextProperty().get() == null ? "" : row.capTextProperty().get().trim();
            if (!cap.isEmpty()) {
                int gpus;
                try {
                    gpus = Integer.parseInt(cap);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Cap for " + gpu.name() + ": '" + cap
                            + "' is not a whole number of GPUs (leave blank for no cap).");
                }
                if (gpus < 0) {
                    throw new IllegalArgumentException("Cap for " + gpu.name() + " must be >= 0 GPUs, was " + gpus + ".");
                }
                caps.put(gpu.name(), gpus);
            }
        }
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("Select at least one GPU type.");
        }
        return new Inputs(model, buckets, Slo.of(sloTtftMs.get(), sloTpotMs.get(), 0.9), rate, replicas, prices, caps,
                calibration.get());
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

    /** The fewest GPUs (TP 1, 2, 4, 8) on which the model fits with KV for {@code tokens} tokens; null if none. */
    static ReplicaConfig smallestReplica(ModelSpec model, GpuType gpu, int tokens) {
        for (int tp : TP_CHOICES) {
            if (model.numAttentionHeads() % tp != 0 || (model.numKvHeads() % tp != 0 && tp % model.numKvHeads() != 0)) {
                continue;
            }
            ReplicaConfig replica = ReplicaConfig.of(gpu, tp);
            MemoryPlan memory = MemoryModel.plan(model, replica);
            if (memory.fits() && memory.holds(2L * tokens)) {
                return replica;
            }
        }
        return null;
    }

    /** The preset's 3 x 3 length histogram as buckets with their share of the rate (empty buckets dropped). */
    static List<WorkloadBucket> buckets(String preset) {
        if (preset == null || !LengthPresets.names().contains(preset)) {
            throw new IllegalArgumentException("Workload '" + preset + "' is not one of " + LengthPresets.names() + ".");
        }
        LengthDistribution lengths = LengthPresets.preset(preset);
        int ni = INPUT_EDGES.length - 1;
        int no = OUTPUT_EDGES.length - 1;
        double[][] counts = new double[ni][no];
        SplittableRandom random = new SplittableRandom(42L);
        int[] pair = new int[2];
        for (int s = 0; s < SHARE_SAMPLES; s++) {
            lengths.sample(random, pair);
            counts[bucketOf(INPUT_EDGES, pair[0])][bucketOf(OUTPUT_EDGES, pair[1])]++;
        }
        List<WorkloadBucket> buckets = new ArrayList<>();
        for (int i = 0; i < ni; i++) {
            for (int j = 0; j < no; j++) {
                if (counts[i][j] > 0) {
                    buckets.add(WorkloadBucket.ofRanges(INPUT_EDGES[i], INPUT_EDGES[i + 1], OUTPUT_EDGES[j],
                            OUTPUT_EDGES[j + 1], counts[i][j] / SHARE_SAMPLES));
                }
            }
        }
        return buckets;
    }

    private static int bucketOf(int[] edges, int v) {
        for (int i = edges.length - 2; i >= 0; i--) {
            if (v >= edges[i]) {
                return i;
            }
        }
        return 0;
    }

    /** Builds throughput tables (cached), solves the mix and every single type, then sweeps the rate. */
    public void solve() {
        Inputs in = validate();
        if (in == null || runStatus.isRunning()) {
            return;
        }
        clearResults();
        runStatus.start("Solving for " + in.replicas().size() + " candidate types ...");
        String model = in.model().name();
        current = BackgroundTask.wrap("Fleet allocation", p -> compute(in, p))
                .onSuccess(o -> {
                    solvedModel = model;
                    publish(o);
                })
                .onFailure(e -> failed("Solve failed: " + e.getMessage()))
                .onCancelled(() -> runStatus.cancelled(
                        "Solve cancelled; capacity searches that finished are kept for the next solve."))
                .executeWith(executor);
    }

    private FleetOutcome compute(Inputs in, ProgressListener p) {
        long t0 = System.nanoTime();
        int searches = 0;
        List<AllocationCandidate> list = new ArrayList<>();
        Map<String, ReplicaConfig> replicaByCandidate = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        PriceSelection prices = PriceSelection.of(priceKind.get(), this.prices.get());
        for (int k = 0; k < in.replicas().size(); k++) {
            prices = prices.withPrice(in.replicas().get(k).gpu().name(), in.pricesPerGpuHour().get(k));
        }
        int n = in.replicas().size();
        for (int k = 0; k < n; k++) {
            ReplicaConfig replica = in.replicas().get(k);
            ProgressListener part = new ThrottledProgress(p, uiThread, this::showProgress, 0.7 * k / n, 0.7 * (k + 1) / n);
            part.progress(0, "Capacity searches for " + replica.label());
            SimulatedThroughputTables.Row row = tables.row(in.model(), replica, in.buckets(), in.slo(), prices,
                    in.calibration(), part);
            searches += row.searched();
            list.add(row.candidate().withCostPerHourUsd(replica.gpuCount() * in.pricesPerGpuHour().get(k)));
            replicaByCandidate.put(row.candidate().name(), replica);
            notes.addAll(row.notes());
        }
        AllocationProblem problem = new AllocationProblem(in.buckets(), in.rate(), list, 4, in.caps(), 0.0,
                io.fleetwise.planner.alloc.AllocationMode.MIN_COST, Double.NaN);
        BaselineComparison comparison = new Baselines(allocator).compare(problem,
                new ThrottledProgress(p, uiThread, this::showProgress, 0.7, 0.75));
        double[] rates = RateSweep.evenlySpaced(in.rate() * 0.25, in.rate() * 2, SWEEP_POINTS);
        List<RateSweepPoint> sweep = new RateSweep(allocator).run(problem, rates,
                new ThrottledProgress(p, uiThread, this::showProgress, 0.75, 0.85));
        FleetValidation validation = null;
        if (comparison.mix().hasPlan()) {
            validation = FleetValidator.validate(in.model(), problem, comparison.mix(), replicaByCandidate, in.slo(),
                    in.calibration(), new FleetValidator.Options(validationRequests, 7L), validations,
                    new ThrottledProgress(p, uiThread, this::showProgress, 0.85, 1.0));
        }
        lastBand = comparison.mix().hasPlan() && band.get()
                ? assessBand(in, prices, list, problem, new ThrottledProgress(p, uiThread, this::showProgress, 0.85, 1.0))
                : null;
        return new FleetOutcome(problem, comparison, sweep, validation, notes, tables.requestsPerSimulation(), searches,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Written by the solve's background thread, read when its outcome is published. */
    private volatile io.fleetwise.planner.uncertainty.AllocationBand lastBand;
    /** The band of the outcome shown (null when not assessed): saved with it. */
    private io.fleetwise.planner.uncertainty.AllocationBand shownBand;

    /**
     * The mix at both ends of the model's error band: capacity searches against the band's SLOs (cached like the
     * nominal ones), then the allocator on each, so the result says whether the mix changes and how far the cost moves.
     */
    private io.fleetwise.planner.uncertainty.AllocationBand assessBand(Inputs in, PriceSelection prices,
                                                                       List<AllocationCandidate> nominal,
                                                                       AllocationProblem problem,
                              ProgressListener p) {
        io.fleetwise.planner.uncertainty.ModelErrorBand errors = io.fleetwise.planner.uncertainty.ModelErrorBand.validated();
        List<AllocationCandidate> pessimistic = new ArrayList<>();
        List<AllocationCandidate> optimistic = new ArrayList<>();
        int n = in.replicas().size();
        for (int k = 0; k < n; k++) {
            ReplicaConfig replica = in.replicas().get(k);
            p.progress((double) k / n, "Error band: capacity searches for " + replica.label());
            double cost = nominal.get(k).costPerHourUsd();
            pessimistic.add(tables.row(in.model(), replica, in.buckets(), errors.pessimistic(in.slo()), prices,
                    in.calibration(), ProgressListener.NONE).candidate().withCostPerHourUsd(cost));
            optimistic.add(tables.row(in.model(), replica, in.buckets(), errors.optimistic(in.slo()), prices,
                    in.calibration(), ProgressListener.NONE).candidate().withCostPerHourUsd(cost));
        }
        return io.fleetwise.planner.uncertainty.AllocationBand.solve(allocator, problem,
                new io.fleetwise.planner.uncertainty.BandedCandidates(pessimistic, nominal, optimistic, errors),
                ProgressListener.NONE);
    }

    /** Saves through this editor (tests that solve with small searches, which {@link #forStudy} does not offer). */
    FleetViewModel savingThrough(StudyEditor editor) {
        this.studyEditor = editor;
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
        throughputSource.set(String.format(Locale.ROOT, "Throughputs: %s (capacity search per replica config and bucket, "
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
        return studyEditor != null;
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

    /** Keeps fleet validations in {@code store} (the database's in the app, so a solve after a restart reads them back). */
    public FleetViewModel keepingValidations(FleetValidationStore store) {
        this.validations = Objects.requireNonNull(store, "store");
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
