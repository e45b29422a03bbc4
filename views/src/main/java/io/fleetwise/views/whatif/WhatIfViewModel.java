package io.fleetwise.views.whatif;

import java.time.Instant;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fleetwise.planner.study.ResultStamp;
import io.fleetwise.planner.study.StudyInputs;
import java.util.function.Supplier;
import io.fleetwise.planner.calibration.CalibrationSet;
import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.service.WhatIfService;
import io.fleetwise.planner.study.WhatIfJson;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.service.WhatIfStudy;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfSweepResult;
import io.fleetwise.planner.study.WhatIfVariant;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.views.common.RunStatus;
import io.fleetwise.views.common.ThrottledProgress;
import io.fleetwise.views.study.CurrentStudy;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * What-if comparisons of the open study: a list of variants (base, more traffic, tighter TPOT, a cheaper GPU...)
 * re-planned by {@link WhatIfService}. The throughput table of the study (capacity searches) is built once off the UI
 * thread with progress and cancel; after the first run the comparison is live: every edit of the variants (add,
 * update, remove) re-plans at once from the cached table, and a change that needs a new table (a TPOT variant, the
 * study's SLO or cluster, the settings) builds it with progress first. A sweep varies one parameter over N points.
 * Rows are stored in the study under "whatIf", the last sweep under "whatIfSweep". Use on the UI thread.
 */
public final class WhatIfViewModel {

    private final CurrentStudy study;
    private final TaskExecutor executor;
    private final WhatIfService analysis;
    private final Executor uiThread;
    private final ObservableList<WhatIfVariant> variants = FXCollections.observableArrayList();
    private final ObservableList<WhatIfRow> rows = FXCollections.observableArrayList();
    private final StringProperty trafficPercentText = new SimpleStringProperty(this, "trafficPercent", "0");
    private final StringProperty tpotMsText = new SimpleStringProperty(this, "tpotMs", "");
    private final StringProperty priceGpu = new SimpleStringProperty(this, "priceGpu", "");
    private final StringProperty pricePercentText = new SimpleStringProperty(this, "pricePercent", "0");
    private final StringProperty requestsPerSearchText = new SimpleStringProperty(this, "requestsPerSearch",
            String.valueOf(WhatIfSettings.DEFAULT_REQUESTS_PER_SEARCH));
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError");
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(this, "live");
    private final RunStatus runStatus = new RunStatus(this,
            "Run to build the study's throughput table; afterwards every edit re-plans at once.");

    private final ObjectProperty<WhatIfSweep.Parameter> sweepParameter =
            new SimpleObjectProperty<>(this, "sweepParameter", WhatIfSweep.Parameter.RATE_FACTOR);
    private final StringProperty sweepGpu = new SimpleStringProperty(this, "sweepGpu", "");
    private final StringProperty sweepFromText = new SimpleStringProperty(this, "sweepFrom", "0.5");
    private final StringProperty sweepToText = new SimpleStringProperty(this, "sweepTo", "2");
    private final StringProperty sweepPointsText = new SimpleStringProperty(this, "sweepPoints", "7");
    private final ReadOnlyObjectWrapper<WhatIfSweepResult> sweepResult = new ReadOnlyObjectWrapper<>(this, "sweepResult");
    private final ObservableList<WhatIfSweepPoint> sweepPoints = FXCollections.observableArrayList();

    private final Supplier<CalibrationSet> calibration;
    private final javafx.beans.property.BooleanProperty band = new javafx.beans.property.SimpleBooleanProperty(this,
            "band", false);
    private final ReadOnlyStringWrapper bandText = new ReadOnlyStringWrapper(this, "bandText", "");
    private TaskHandle task;
    private String shownFingerprint;
    private final ReadOnlyStringWrapper staleNote = new ReadOnlyStringWrapper(this, "staleNote", "");
    /** Variants changed while a table was being built: re-plan once it is there. */
    private boolean replanPending;
    private PreparedKey preparedKey;
    private WhatIfStudy prepared;
    private double lastReplanMs = Double.NaN;

    /**
     * @param calibration the calibrations in use now (a new one makes new throughput tables)
     * @param uiThread    where progress of background work lands (Platform::runLater in the app, Runnable::run in tests)
     */
    public WhatIfViewModel(CurrentStudy study, Supplier<CalibrationSet> calibration, TaskExecutor executor,
                           WhatIfService analysis, Executor uiThread) {
        this.study = Objects.requireNonNull(study, "study");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.analysis = Objects.requireNonNull(analysis, "analysis");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        resetVariants();
        loadStoredResults(study.document());
        updateStale();
        variants.addListener((ListChangeListener<WhatIfVariant>) c -> variantsChanged());
        band.addListener((o, was, now) -> {
            if (live.get()) {
                run();
            } else if (!now) {
                bandText.set("");
            }
        });
        study.documentProperty().addListener((o, before, after) -> {
            if (before == null || after == null) {
                return;
            }
            updateStale();
            if (!before.name().equals(after.name()) && !sameInputs(before, after)) {
                // another study was opened: its own variants and stored results, not live until it is run
                live.set(false);
                resetVariants();
                rows.clear();
                bandText.set("");
                sweepResult.set(null);
                sweepPoints.clear();
                loadStoredResults(after);
            } else if (!sameInputs(before, after) && live.get()) {
                run();
            }
        });
        WhatIfStudy now = tryPrepare();
        if (now != null && analysis.isReady(now, List.copyOf(variants))) {
            // the table of this study is still cached from earlier in the session: live from the start
            live.set(true);
            replanNow(now);
        }
    }

    /** Base, traffic +50%, TPOT 20% tighter, and the dearest GPU type of the cluster 30% cheaper. */
    public void resetVariants() {
        StudyDocument doc = study.document();
        List<WhatIfVariant> defaults = new ArrayList<>(List.of(WhatIfVariant.base(), WhatIfVariant.traffic(1.5),
                WhatIfVariant.tpot(Math.max(1, Math.round(doc.slo().tpotMs() * 0.8)))));
        doc.nodeGroups().stream().map(NodeGroup::gpu)
                .filter(g -> !Double.isNaN(g.price().onDemandUsdPerHour()))
                .max(Comparator.comparingDouble(g -> g.price().onDemandUsdPerHour()))
                .ifPresent(g -> defaults.add(WhatIfVariant.price(g.name(), 0.7)));
        variants.setAll(defaults);
    }

    /** Adds a variant from the form; a bad value is named in the message, nothing is added and the fields keep it. */
    public boolean addVariant() {
        WhatIfVariant variant = variantFromForm();
        if (variant == null) {
            return false;
        }
        variants.add(variant);
        info("Added variant " + variant.name());
        return true;
    }

    /** Replaces {@code selected} with the form's variant (the base stays the base, with the form's changes). */
    public boolean updateVariant(WhatIfVariant selected) {
        int index = variants.indexOf(selected);
        if (index < 0) {
            error("Select the variant to update in the list");
            return false;
        }
        WhatIfVariant variant = variantFromForm();
        if (variant == null) {
            return false;
        }
        variants.set(index, variant);
        info("Updated variant " + variant.name());
        return true;
    }

    /** Shows a variant's changes in the form, for editing. */
    public void fillForm(WhatIfVariant variant) {
        if (variant == null) {
            return;
        }
        trafficPercentText.set(plain((variant.rateFactor() - 1) * 100));
        tpotMsText.set(variant.changesSlo() ? plain(variant.tpotMs()) : "");
        variant.priceFactors().entrySet().stream().findFirst().ifPresentOrElse(e -> {
            priceGpu.set(e.getKey());
            pricePercentText.set(plain((e.getValue() - 1) * 100));
        }, () -> pricePercentText.set("0"));
    }

    private static String plain(double v) {
        double rounded = Math.round(v * 1000) / 1000.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + plain(v);
    }

    private WhatIfVariant variantFromForm() {
        try {
            double traffic = number("Traffic change (%)", trafficPercentText.get());
            if (traffic <= -100) {
                throw new IllegalArgumentException("Traffic change (%): " + trafficPercentText.get().trim()
                        + " leaves no traffic; use more than -100");
            }
            String tpotText = tpotMsText.get() == null ? "" : tpotMsText.get();
            double tpot = tpotText.isBlank() ? Double.NaN : number("TPOT (ms)", tpotText);
            if (!Double.isNaN(tpot) && !(tpot > 0)) {
                throw new IllegalArgumentException("TPOT (ms): " + tpotText.trim() + " must be > 0 (empty = the study's)");
            }
            double price = number("GPU price change (%)", pricePercentText.get());
            if (price <= -100) {
                throw new IllegalArgumentException("GPU price change (%): " + pricePercentText.get().trim()
                        + " makes the GPU free or paid to use; use more than -100");
            }
            String gpu = priceGpu.get() == null ? "" : priceGpu.get().trim();
            if (price != 0 && gpu.isEmpty()) {
                throw new IllegalArgumentException("GPU price change (%): " + pricePercentText.get().trim()
                        + " needs the GPU type whose price changes; choose one");
            }
            if (price != 0 && !gpuTypes().contains(gpu)) {
                throw new IllegalArgumentException("GPU type: '" + gpu + "' is not in the study's cluster. Known: " + gpuTypes());
            }
            List<String> parts = new ArrayList<>();
            if (traffic != 0) {
                parts.add("traffic " + signed(traffic) + "%");
            }
            if (!Double.isNaN(tpot)) {
                parts.add("TPOT " + plain(tpot) + " ms");
            }
            if (price != 0) {
                parts.add(gpu + " " + signed(price) + "%");
            }
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("The variant changes nothing; set a traffic, TPOT or price change");
            }
            return new WhatIfVariant(String.join(", ", parts), 1 + traffic / 100, tpot,
                    price == 0 ? Map.of() : Map.of(gpu, 1 + price / 100));
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return null;
        }
    }

    private static double number(String field, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a number");
        }
    }

    public void removeVariant(WhatIfVariant variant) {
        int index = variants.indexOf(variant);
        if (index == 0) {
            error("The base (first) variant stays; the deltas refer to it");
        } else if (index > 0) {
            variants.remove(index);
            info("Removed variant " + variant.name());
        }
    }

    private void variantsChanged() {
        if (!live.get()) {
            rows.clear();
            return;
        }
        if (runStatus.isRunning()) {
            replanPending = true;
            return;
        }
        run();
    }

    /**
     * Re-plans every variant; the first is the base the deltas refer to. With the tables cached this happens at once on
     * the calling thread; otherwise the missing tables are built in the background first (progress, cancel).
     */
    public void run() {
        if (runStatus.isRunning()) {
            replanPending = true;
            return;
        }
        WhatIfStudy now = tryPrepare();
        if (now == null) {
            return;
        }
        List<WhatIfVariant> list = List.copyOf(variants);
        Set<Double> missing = analysis.missingTables(now, list);
        if (missing.isEmpty() && bandTablesMissing(now, list).isEmpty()) {
            live.set(true);
            replanNow(now);
            return;
        }
        buildThenReplan(now, list, missing);
    }

    private ModelErrorBand errorBand() {
        return band.get() ? ModelErrorBand.validated() : ModelErrorBand.none();
    }

    private List<io.fleetwise.planner.model.Slo> bandTablesMissing(WhatIfStudy now, List<WhatIfVariant> list) {
        return list.isEmpty() ? List.of() : analysis.missingBandTables(now, list.get(0), errorBand());
    }

    /** The first variant's mix at both ends of the model's error band; empty when the band is off or nothing is planned. */
    private String bandOf(WhatIfStudy now, List<WhatIfVariant> list, boolean withBand) {
        if (!withBand || list.isEmpty()) {
            return "";
        }
        return list.get(0).name() + ": " + analysis.band(now, list.get(0), ModelErrorBand.validated()).describe() + ".";
    }

    /** Builds the missing tables and re-plans on the worker (the first solve also loads the solver's native code). */
    private void buildThenReplan(WhatIfStudy now, List<WhatIfVariant> list, Set<Double> missing) {
        replanPending = false;
        runStatus.start(String.format(Locale.ROOT, "Building %d throughput table%s (%d requests per search) ...",
                missing.size(), missing.size() == 1 ? "" : "s", now.settings().requestsPerSearch()));
        long t0 = System.nanoTime();
        boolean withBand = band.get();
        task = BackgroundTask.wrap("What-if: throughput table of " + now.studyName(), p -> {
                    double tablesEnd = withBand && !list.isEmpty() ? 1.0 / 3 : 1.0;
                    analysis.buildTables(now, missing, new ThrottledProgress(p, uiThread, runStatus::showProgress, 0,
                            tablesEnd));
                    if (withBand && !list.isEmpty()) {
                        analysis.buildBandTables(now, list.get(0), ModelErrorBand.validated(),
                                new ThrottledProgress(p, uiThread, runStatus::showProgress, tablesEnd, 1));
                    }
                    return new Planned(analysis.replan(now, list), bandOf(now, list, withBand));
                })
                .onSuccess(planned -> {
                    List<WhatIfRow> result = planned.rows();
                    live.set(true);
                    if (replanPending || !list.equals(variants) || now != tryPrepare() || withBand != band.get()) {
                        // edited while the table was built: re-plan what is there now
                        runStatus.end(1);
                        run();
                        return;
                    }
                    publish(result);
                    bandText.set(planned.band());
                    runStatus.finished(String.format(Locale.ROOT, "Throughput table built and %d variants planned in %.1f s",
                            result.size(), (System.nanoTime() - t0) / 1e9));
                })
                .onFailure(e -> runStatus.failed("What-if failed: " + e.getMessage()))
                .onCancelled(() -> runStatus.cancelled("Cancelled; tables finished before are kept"))
                .executeWith(executor);
    }

    private void replanNow(WhatIfStudy now) {
        replanPending = false;
        List<WhatIfVariant> list = List.copyOf(variants);
        if (list.isEmpty()) {
            rows.clear();
            bandText.set("");
            return;
        }
        long t0 = System.nanoTime();
        List<WhatIfRow> result;
        String bandNow;
        try {
            result = analysis.replan(now, list);
            bandNow = bandOf(now, list, band.get());
        } catch (RuntimeException e) {
            runStatus.failed("Re-plan failed: " + e.getMessage());
            return;
        }
        lastReplanMs = (System.nanoTime() - t0) / 1e6;
        publish(result);
        bandText.set(bandNow);
        runStatus.finished(String.format(Locale.ROOT, "Re-planned %d variants in %.0f ms from the cached throughput table",
                result.size(), lastReplanMs));
    }

    private void publish(List<WhatIfRow> result) {
        rows.setAll(result);
        List<WhatIfVariant> planned = List.copyOf(variants);
        shownFingerprint = analysis.inputsFingerprint(study.document(), calibration.get());
        ResultStamp stamp = ResultStamp.of(shownFingerprint, calibration.get(), Instant.now());
        study.edit(d -> d.withResult(WhatIfJson.ROWS_KEY, WhatIfJson.rows(result))
                .withResult(WhatIfJson.VARIANTS_KEY, WhatIfJson.variants(planned))
                .withResult(STAMP_KEY, stamp.writeInto(JsonNodeFactory.instance.objectNode())));
        updateStale();
    }

    /** The study resolved for the current settings (cached while the study's inputs and catalog stay the same). */
    private WhatIfStudy tryPrepare() {
        WhatIfSettings settings = settingsOrNull();
        if (settings == null) {
            return null;
        }
        StudyDocument doc = study.document();
        CalibrationSet calibrations = calibration.get();
        PreparedKey key = new PreparedKey(doc.nodeGroups(), doc.modelName(), doc.workload(), doc.slo(),
                study.catalog(), settings, calibrations.fingerprint());
        if (key.equals(preparedKey)) {
            return prepared;
        }
        try {
            prepared = analysis.prepare(doc, settings, calibrations);
            preparedKey = key;
            return prepared;
        } catch (RuntimeException e) {
            runStatus.failed(e.getMessage());
            return null;
        }
    }

    /** Catalog by value: a price override makes another key, so the next re-plan uses the new price. */
    private record PreparedKey(Object nodeGroups, Object model, Object workload, Object slo, Object catalog,
                               WhatIfSettings settings, String calibration) {
    }

    private static boolean sameInputs(StudyDocument a, StudyDocument b) {
        return a.nodeGroups().equals(b.nodeGroups()) && a.modelName().equals(b.modelName())
                && a.workload().equals(b.workload()) && a.slo().equals(b.slo());
    }

    private WhatIfSettings settingsOrNull() {
        String text = requestsPerSearchText.get() == null ? "" : requestsPerSearchText.get().trim();
        try {
            return new WhatIfSettings(Integer.parseInt(text), WhatIfSettings.defaults().replicaSizesPerType());
        } catch (NumberFormatException e) {
            error("Requests per search: '" + text + "' is not a whole number");
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
        }
        return null;
    }

    /** Applies changed settings: live results re-plan (building the table of the new settings). */
    public void applySettings() {
        if (settingsOrNull() == null) {
            return;
        }
        info("Requests per search: " + requestsPerSearchText.get().trim());
        if (live.get()) {
            run();
        }
    }

    /** Runs the sweep of the form; the tables it needs are built first (a TPOT sweep: one per point). */
    public void runSweep() {
        if (runStatus.isRunning()) {
            error("Wait for the running what-if or cancel it");
            return;
        }
        WhatIfSweep sweep;
        try {
            WhatIfSweep.Parameter parameter = Objects.requireNonNull(sweepParameter.get(), "parameter");
            double from = number("Sweep from", sweepFromText.get());
            double to = number("Sweep to", sweepToText.get());
            int points;
            try {
                points = Integer.parseInt(sweepPointsText.get().trim());
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("Sweep points: '" + sweepPointsText.get() + "' is not a whole number");
            }
            String gpu = sweepGpu.get() == null ? "" : sweepGpu.get();
            sweep = new WhatIfSweep(parameter, parameter == WhatIfSweep.Parameter.GPU_PRICE_FACTOR ? gpu : "", from, to,
                    points);
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return;
        }
        WhatIfStudy now = tryPrepare();
        if (now == null) {
            return;
        }
        WhatIfSweep chosen = sweep;
        info("Sweeping " + chosen.axisLabel() + " over " + chosen.points() + " points");
        Set<Double> missing = analysis.missingTables(now, chosen.variants());
        runStatus.start(missing.isEmpty() ? "Sweeping " + chosen.points() + " points ..."
                : "Sweep: building " + missing.size() + " throughput table(s) ...");
        long t0 = System.nanoTime();
        task = BackgroundTask.wrap("What-if sweep: " + chosen.axisLabel(),
                        p -> analysis.sweep(now, chosen, new ThrottledProgress(p, uiThread, runStatus::showProgress, 0, 1)))
                .onSuccess(result -> {
                    sweepResult.set(result);
                    sweepPoints.setAll(result.points());
                    study.edit(d -> d.withResult(WhatIfJson.SWEEP_KEY, WhatIfJson.sweep(result)));
                    runStatus.finished(String.format(Locale.ROOT, "Sweep of %d points in %.0f ms; %d with a plan",
                            result.points().size(), (System.nanoTime() - t0) / 1e6, result.feasibleCount()));
                    if (replanPending) {
                        run();
                    }
                })
                .onFailure(e -> runStatus.failed("Sweep failed: " + e.getMessage()))
                .onCancelled(() -> runStatus.cancelled("Sweep cancelled; tables finished before are kept"))
                .executeWith(executor);
    }

    /** Writes the sweep table as CSV (one row per point; no cost where no plan meets the SLO). */
    public Path exportSweepCsv(Path file) throws IOException {
        WhatIfSweepResult result = sweepResult.get();
        if (result == null) {
            throw new IllegalStateException("Run a sweep first");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(result.sweep().axisLabel(),
                     "Rate (req/s)", "TPOT (ms)", "Cost ($/h)", "GPUs", "Feasible", "Mix", "Message").get())) {
            for (WhatIfSweepPoint p : result.points()) {
                printer.printRecord(csvNumber(p.value()), csvNumber(p.ratePerS()), csvNumber(p.tpotMs()),
                        csvNumber(p.costPerHourUsd()), p.gpus(), p.feasible(), p.mix(), p.message());
            }
        }
        info("Sweep table written to " + file);
        return file;
    }

    private static String csvNumber(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private void loadStoredResults(StudyDocument doc) {
        JsonNode stored = doc.results().get(WhatIfJson.ROWS_KEY);
        try {
            JsonNode storedVariants = doc.results().get(WhatIfJson.VARIANTS_KEY);
            if (storedVariants != null) {
                List<WhatIfVariant> list = WhatIfJson.variants(storedVariants);
                if (!list.isEmpty()) {
                    variants.setAll(list);
                }
            }
            if (stored != null) {
                rows.setAll(WhatIfJson.rows(stored));
                shownFingerprint = ResultStamp.of(doc.results().get(STAMP_KEY)).map(ResultStamp::inputFingerprint)
                        .orElse("");
                runStatus.info("Rows of the last run (stored in the study); Run to re-plan these variants.");
            }
            JsonNode sweep = doc.results().get(WhatIfJson.SWEEP_KEY);
            if (sweep != null) {
                WhatIfSweepResult result = WhatIfJson.sweep(sweep);
                sweepParameter.set(result.sweep().parameter());
                sweepGpu.set(result.sweep().gpuType());
                sweepFromText.set(plain(result.sweep().from()));
                sweepToText.set(plain(result.sweep().to()));
                sweepPointsText.set(String.valueOf(result.sweep().points()));
                sweepResult.set(result);
                sweepPoints.setAll(result.points());
            }
        } catch (IllegalArgumentException e) {
            error("Stored what-if results cannot be shown: " + e.getMessage());
        }
    }

    /** Where the what-if keeps the stamp of its stored rows (the rows are an array). */
    public static final String STAMP_KEY = WhatIfJson.STAMP_KEY;

    /** What the area says over rows whose inputs changed. */
    public static final String STALE_NOTE = "Stale: the study's inputs changed since these rows were planned. "
            + "Press Run to re-plan.";

    private void updateStale() {
        if (rows.isEmpty() || shownFingerprint == null) {
            staleNote.set("");
            return;
        }
        String now = analysis.inputsFingerprint(study.document(), calibration.get());
        staleNote.set(now.equals(shownFingerprint) ? "" : STALE_NOTE);
    }

    /** Non-empty when the shown rows no longer match the study's inputs. */
    public ReadOnlyStringProperty staleNoteProperty() {
        return staleNote.getReadOnlyProperty();
    }

    public void cancel() {
        if (task != null && runStatus.isRunning()) {
            task.cancel();
        }
    }

    private void info(String text) {
        messageIsError.set(false);
        message.set(text);
    }

    private void error(String text) {
        messageIsError.set(true);
        message.set(text);
    }

    /** ms of the last re-plan of all variants; NaN before the first. */
    public double lastReplanMs() {
        return lastReplanMs;
    }

    public ObservableList<WhatIfVariant> variants() {
        return variants;
    }

    /** Whether the first variant is also planned at both ends of the model's error band (docs/validation.md). */
    public javafx.beans.property.BooleanProperty bandProperty() {
        return band;
    }

    /** Whether the first variant's mix changes within the model's error band and how far its cost moves. */
    public ReadOnlyStringProperty bandTextProperty() {
        return bandText.getReadOnlyProperty();
    }

    private record Planned(List<WhatIfRow> rows, String band) {
    }

    public ObservableList<WhatIfRow> rows() {
        return rows;
    }

    public List<String> gpuTypes() {
        return study.document().nodeGroups().stream().map(g -> g.gpu().name()).distinct().toList();
    }

    public StringProperty trafficPercentTextProperty() {
        return trafficPercentText;
    }

    public StringProperty tpotMsTextProperty() {
        return tpotMsText;
    }

    public StringProperty priceGpuProperty() {
        return priceGpu;
    }

    public StringProperty pricePercentTextProperty() {
        return pricePercentText;
    }

    public StringProperty requestsPerSearchTextProperty() {
        return requestsPerSearchText;
    }

    public ObjectProperty<WhatIfSweep.Parameter> sweepParameterProperty() {
        return sweepParameter;
    }

    public StringProperty sweepGpuProperty() {
        return sweepGpu;
    }

    public StringProperty sweepFromTextProperty() {
        return sweepFromText;
    }

    public StringProperty sweepToTextProperty() {
        return sweepToText;
    }

    public StringProperty sweepPointsTextProperty() {
        return sweepPointsText;
    }

    public ReadOnlyObjectProperty<WhatIfSweepResult> sweepResultProperty() {
        return sweepResult.getReadOnlyProperty();
    }

    public ObservableList<WhatIfSweepPoint> sweepPoints() {
        return sweepPoints;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /** Whether edits re-plan at once (after the first run). */
    public ReadOnlyBooleanProperty liveProperty() {
        return live.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runStatus.runningProperty();
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
}
