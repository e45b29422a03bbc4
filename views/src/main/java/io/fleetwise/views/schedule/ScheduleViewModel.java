package io.fleetwise.views.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.alloc.schedule.FleetSchedule;
import io.fleetwise.planner.alloc.schedule.FleetScheduling;
import io.fleetwise.planner.alloc.schedule.PeriodPlan;
import io.fleetwise.planner.alloc.schedule.ScheduleAllocator;
import io.fleetwise.planner.alloc.schedule.ScheduleJson;
import io.fleetwise.planner.alloc.schedule.ScheduleSummary;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.planner.uncertainty.ModelErrorBand;
import io.fleetwise.views.common.RunStatus;
import io.fleetwise.views.common.ThrottledProgress;
import io.fleetwise.views.fleet.FleetViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Fleet area's "Schedule over a day": the open study's day of load planned as a baseline bought for the whole
 * term plus on-demand or spot peaks per hour, against a constant fleet sized for the peak, with the model's error
 * band. One call to {@link FleetScheduling}, the same the command line and the report use. Never touches a Node.
 */
public final class ScheduleViewModel {

    /** How the baseline is bought: a committed kind, or none. */
    public enum Baseline {
        RESERVED_1Y("reserved 1-year", PriceKind.RESERVED_1Y),
        RESERVED_3Y("reserved 3-year", PriceKind.RESERVED_3Y),
        OWNED("owned", PriceKind.OWNED),
        NONE("none (everything by the hour)", null);

        private final String label;
        private final PriceKind kind;

        Baseline(String label, PriceKind kind) {
            this.label = label;
            this.kind = kind;
        }

        public String label() {
            return label;
        }

        public PriceKind kind() {
            return kind;
        }
    }

    private final Supplier<StudyDocument> study;
    private final FleetViewModel.StudyEditor editor;
    private final Supplier<Catalog> catalog;
    private final Function<StudyDocument, PriceResolver> prices;
    private final Supplier<CalibrationSet> calibration;
    private final TaskExecutor executor;
    private final Executor uiThread;
    private FleetScheduling scheduling = FleetScheduling.withDefaults();
    private int searchRequests = FleetScheduling.DEFAULT_SEARCH_REQUESTS;

    private final ObjectProperty<Baseline> baseline = new SimpleObjectProperty<>(this, "baseline", Baseline.RESERVED_1Y);
    private final BooleanProperty onDemand = new SimpleBooleanProperty(this, "onDemand", true);
    private final BooleanProperty spot = new SimpleBooleanProperty(this, "spot", false);
    private final BooleanProperty band = new SimpleBooleanProperty(this, "band", true);
    private final javafx.beans.property.StringProperty searchRequestsText = new javafx.beans.property.SimpleStringProperty(
            this, "searchRequestsText", Integer.toString(FleetScheduling.DEFAULT_SEARCH_REQUESTS));
    private final javafx.beans.property.StringProperty timeLimitText = new javafx.beans.property.SimpleStringProperty(
            this, "timeLimitText", "30");

    private final RunStatus runStatus = new RunStatus(this, "Not planned yet.");
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper(this, "canRun", true);
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave", false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper costText = new ReadOnlyStringWrapper(this, "costText", "");
    private final ReadOnlyStringWrapper savingText = new ReadOnlyStringWrapper(this, "savingText", "");
    private final ReadOnlyStringWrapper bandText = new ReadOnlyStringWrapper(this, "bandText", "");
    private final ReadOnlyStringWrapper loadText = new ReadOnlyStringWrapper(this, "loadText", "");
    private final ReadOnlyObjectWrapper<FleetScheduling.Outcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private final ObservableList<PeriodRow> periods = FXCollections.observableArrayList();
    private final ObservableList<String> pricesUsed = FXCollections.observableArrayList();
    private final ObservableList<String> notes = FXCollections.observableArrayList();
    private TaskHandle current;

    public ScheduleViewModel(Supplier<StudyDocument> study, FleetViewModel.StudyEditor editor, Supplier<Catalog> catalog,
                             Function<StudyDocument, PriceResolver> prices, Supplier<CalibrationSet> calibration,
                             TaskExecutor executor, Executor uiThread) {
        this.study = Objects.requireNonNull(study, "study");
        this.editor = editor;
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        runStatus.runningProperty().addListener((o, a, running) -> canRun.set(!running));
    }

    private void applyEffort() {
        int requests;
        double seconds;
        try {
            requests = Integer.parseInt(searchRequestsText.get().trim());
            seconds = Double.parseDouble(timeLimitText.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("requests per search and solver seconds must be numbers, were '"
                    + searchRequestsText.get() + "' and '" + timeLimitText.get() + "'");
        }
        if (requests < 50 || requests > 20_000) {
            throw new IllegalArgumentException("requests per search must be 50 to 20000, was " + requests);
        }
        if (!(seconds >= 1 && seconds <= 3600)) {
            throw new IllegalArgumentException("solver time must be 1 to 3600 s, was " + seconds);
        }
        quick(requests, seconds);
    }

    /** Fewer requests per capacity search and a shorter solver limit (tests). */
    public ScheduleViewModel quick(int requests, double solverSeconds) {
        this.searchRequests = requests;
        this.scheduling = new FleetScheduling(new ScheduleAllocator(
                ScheduleAllocator.defaultOptions().withTimeLimitSeconds(solverSeconds)));
        return this;
    }

    /** Plans the study's day in the background (capacity searches, then the schedule and its band). */
    public void run() {
        if (runStatus.isRunning()) {
            return;
        }
        StudyDocument doc = study.get();
        FleetScheduling.Request request;
        PriceResolver resolver;
        try {
            applyEffort();
            resolver = prices.apply(doc);
            request = FleetScheduling.fromStudy(doc, catalog.get(), resolver, calibration.get())
                    .withPurchase(baseline.get().kind(), onDemand.get(), spot.get())
                    .withBand(band.get() ? ModelErrorBand.validated() : ModelErrorBand.none())
                    .withSearchRequests(searchRequests);
        } catch (java.io.IOException | RuntimeException e) {
            runStatus.error("Cannot plan the day: " + e.getMessage());
            return;
        }
        String studyFingerprint = FleetScheduling.studyFingerprint(doc, resolver);
        clear();
        runStatus.start("Planning " + request.load().periods().size() + " hours for " + request.replicas().size()
                + " replica configs ...");
        FleetScheduling.Request r = request;
        current = BackgroundTask.wrap("Schedule over a day", p -> scheduling.run(r,
                        new ThrottledProgress(p, uiThread, runStatus::showProgress, 0, 1)))
                .onSuccess(o -> publish(o, studyFingerprint))
                .onFailure(e -> runStatus.failed("Planning failed: " + e.getMessage()))
                .onCancelled(() -> runStatus.cancelled("Planning cancelled."))
                .executeWith(executor);
    }

    public void cancel() {
        if (current != null && runStatus.isRunning()) {
            current.cancel();
        }
    }

    private String savedFingerprint = "";

    private void publish(FleetScheduling.Outcome o, String studyFingerprint) {
        runStatus.end(1);
        outcome.set(o);
        savedFingerprint = studyFingerprint;
        FleetSchedule s = o.schedule();
        loadText.set("Load: " + o.request().load().source() + "; " + o.request().replicas().stream()
                .map(io.fleetwise.planner.model.ReplicaConfig::label).collect(Collectors.joining(", ")));
        o.prices().values().forEach(g -> g.all().forEach(p -> pricesUsed.add(p.describe())));
        notes.setAll(o.notes());
        if (!s.hasPlan()) {
            runStatus.failed("No schedule: " + s.message());
            return;
        }
        summary.set(ScheduleSummary.describe(s));
        costText.set(String.format(Locale.ROOT, "%.2f $ over %.0f h (%.2f $/h on average); %s", s.totalCostUsd(),
                o.request().load().totalHours(), s.averageCostPerHourUsd(), s.status() == SolveStatus.OPTIMAL
                        ? "proven optimal" : String.format(Locale.ROOT, "within %.2g %% of optimal", 100 * s.relativeGap())));
        FleetSchedule constant = o.comparison().constantFleet();
        savingText.set(String.format(Locale.ROOT, "%.1f %% cheaper than a constant fleet sized for the peak (%s: %.2f $)",
                o.comparison().savingPercent(), ScheduleSummary.describe(constant), constant.totalCostUsd()));
        bandText.set(o.band().describe());
        TreeSet<String> types = new TreeSet<>(o.prices().keySet());
        for (PeriodPlan p : s.periods()) {
            Map<String, Integer> inUse = s.gpusInUse(p);
            periods.add(new PeriodRow(p.period().label(), p.period().ratePerSecond(), words(inUse, types),
                    words(p.onDemandGpus(), types), words(p.spotGpus(), types), p.flexibleCostUsd(),
                    sum(p.baselineGpusInUse()), sum(p.onDemandGpus()), sum(p.spotGpus())));
        }
        canSave.set(editor != null);
        runStatus.info("Planned: " + summary.get());
    }

    /** Keeps the schedule in the study (under "schedule"), where the report reads it. */
    public void saveToStudy() {
        FleetScheduling.Outcome o = outcome.get();
        if (editor == null || o == null) {
            return;
        }
        ObjectNode json = ScheduleJson.write(o, savedFingerprint);
        boolean stored = editor.edit(doc -> doc.withResult(ScheduleJson.STUDY_KEY, json));
        runStatus.info(stored ? "Saved the schedule to the study; the report shows it." : "The study did not change.");
    }

    private void clear() {
        outcome.set(null);
        summary.set("");
        costText.set("");
        savingText.set("");
        bandText.set("");
        loadText.set("");
        periods.clear();
        pricesUsed.clear();
        notes.clear();
        canSave.set(false);
    }

    private static String words(Map<String, Integer> gpus, TreeSet<String> types) {
        List<String> parts = types.stream().filter(t -> gpus.getOrDefault(t, 0) > 0).map(t -> gpus.get(t) + " " + t).toList();
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static int sum(Map<String, Integer> gpus) {
        return gpus.values().stream().mapToInt(Integer::intValue).sum();
    }

    public ObjectProperty<Baseline> baselineProperty() {
        return baseline;
    }

    public BooleanProperty onDemandProperty() {
        return onDemand;
    }

    public BooleanProperty spotProperty() {
        return spot;
    }

    public BooleanProperty bandProperty() {
        return band;
    }

    /** Requests per capacity-search simulation: more is steadier and slower. */
    public javafx.beans.property.StringProperty searchRequestsTextProperty() {
        return searchRequestsText;
    }

    /** Seconds the solver may take per schedule; the answer says whether optimality was proven. */
    public javafx.beans.property.StringProperty timeLimitTextProperty() {
        return timeLimitText;
    }

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
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

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty costTextProperty() {
        return costText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty savingTextProperty() {
        return savingText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bandTextProperty() {
        return bandText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty loadTextProperty() {
        return loadText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FleetScheduling.Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    public ObservableList<PeriodRow> periods() {
        return periods;
    }

    public ObservableList<String> pricesUsed() {
        return pricesUsed;
    }

    public ObservableList<String> notes() {
        return notes;
    }
}
