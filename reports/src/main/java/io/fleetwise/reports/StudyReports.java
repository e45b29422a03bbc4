package io.fleetwise.reports;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.plan.PlanStore;
import io.fleetwise.planner.service.FleetAllocationService;
import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.datastore.fleet.SavedAllocation;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.progress.ProgressListener;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Finds a study and its saved results and turns them into a {@link ReportInput}; shared by GUI and CLI. */
public final class StudyReports {

    private final StudyRepository studies;
    private final FleetAllocationRepository allocations;
    private final Supplier<Catalog> catalog;
    private final Supplier<CalibrationSet> calibration;
    private final FleetAllocationService fleetAllocations;
    private final PlanStore plans;
    private final StudyReportBuilder.Options options;
    private final String fleetwiseVersion;
    private final Clock clock;

    private final TraceStore traces;
    /** The price book as a study chose it; null: the report has no procurement part. */
    private java.util.function.Function<io.fleetwise.planner.study.StudyDocument, io.fleetwise.planner.pricing.PriceResolver> prices;

    public StudyReports(StudyRepository studies, FleetAllocationRepository allocations, Supplier<Catalog> catalog,
                        Supplier<CalibrationSet> calibration, StudyReportBuilder.Options options,
                        String fleetwiseVersion, Clock clock) {
        this(studies, allocations, null, catalog, calibration, FleetAllocationService.withDefaults(catalog),
                PlanStore.NONE, options, fleetwiseVersion, clock);
    }

    /**
     * @param traces      where the study's timeline snapshot is read from; null: the report has none
     * @param calibration the calibrations in use now (what an allocation computed for the report predicts with)
     */
    public StudyReports(StudyRepository studies, FleetAllocationRepository allocations, TraceStore traces,
                        Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration,
                        FleetAllocationService fleetAllocations, PlanStore plans, StudyReportBuilder.Options options,
                        String fleetwiseVersion, Clock clock) {
        this.traces = traces;
        this.plans = Objects.requireNonNull(plans, "plans");
        this.fleetAllocations = Objects.requireNonNull(fleetAllocations, "fleetAllocations");
        this.studies = Objects.requireNonNull(studies, "studies");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.options = Objects.requireNonNull(options, "options");
        this.fleetwiseVersion = Objects.requireNonNull(fleetwiseVersion, "fleetwiseVersion");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reports also price the study's GPU types each way and show its saved schedule, priced from this book. */
    public StudyReports withPrices(java.util.function.Function<io.fleetwise.planner.study.StudyDocument,
            io.fleetwise.planner.pricing.PriceResolver> resolver) {
        this.prices = resolver;
        return this;
    }

    public List<String> studyNames() {
        return studies.findAll().stream().map(Study::name).collect(Collectors.toList());
    }

    /** @throws IllegalArgumentException in one line listing the known studies when {@code name} is unknown */
    public Study find(String name) {
        return studies.findByName(name).orElseThrow(() -> new IllegalArgumentException("No study named '" + name
                + "'. Known studies: " + String.join(", ", studyNames().stream().map(n -> "'" + n + "'")
                .collect(Collectors.toList())) + "."));
    }

    /**
     * The report data of a study: the allocation the Fleet area saved in the study when it was solved for the
     * study's model and price book (else one computed now), then the study's plans, simulation, what-if results,
     * executor runs and newest trace. A result computed for another model or price book is never shown as this
     * study's: it is left out and a note says why.
     */
    public ReportInput prepare(String studyName, ProgressListener listener) {
        Study study = find(studyName);
        JsonNode results = StudyResults.resultsOf(study);
        List<String> notes = new ArrayList<>();
        Catalog current = catalog.get();
        io.fleetwise.planner.study.StudyDocument doc = null;
        io.fleetwise.planner.pricing.PriceResolver resolver = null;
        try {
            doc = io.fleetwise.planner.study.StudyJson.parse("study '" + study.name() + "'", study.payloadJson(), current,
                    study.name());
            if (prices != null) {
                resolver = prices.apply(doc);
            }
        } catch (RuntimeException e) {
            notes.add("Priced with the shipped book: the study's price choice could not be read (" + e.getMessage()
                    + ")");
        }
        String bookNow = resolver == null ? "" : resolver.book().fingerprint();
        // the Fleet area's saved plan (a row under the study) when it answers the study's inputs as they are now
        Optional<SavedAllocation> latest = savedPlan(study, doc, notes);
        boolean savedInResults = false;
        if (latest.isEmpty()) {
            // studies saved before plans were rows keep their allocation in the study's results
            latest = StudyResults.fleetAllocation(study, results, bookNow, notes);
            savedInResults = latest.isPresent();
        }
        // allocate --save-to-study rows of a file record no model, workload or prices: never shown as the study's fleet
        List<SavedAllocation> unverifiable = allocations.findByStudy(study.id());
        if (!unverifiable.isEmpty()) {
            notes.add(StudyResults.unverifiedAllocationsNote(unverifiable));
        }
        StudyReportBuilder builder = new StudyReportBuilder(current, calibration.get(), fleetAllocations, options,
                fleetwiseVersion);
        StudyReportBuilder.Built built = builder.buildWithBand(StudyReportRequest.fromStudy(study, current), latest,
                clock.instant(), listener);
        ReportInput input = built.input();
        if (doc != null) {
            // every saved result against the study's inputs now: named, and marked stale where they differ
            notes.addAll(io.fleetwise.planner.study.ResultFreshness.notes(results, fleetAllocations.inputsFingerprint(doc, calibration.get()),
                    calibration.get()));
        }
        Optional<ProcurementReport> procurement = Optional.empty();
        if (resolver != null) {
            try {
                procurement = Optional.of(ProcurementReport.read(doc, results, resolver, current));
                if (latest.isPresent()) {
                    String band = savedBand(results, latest.get(), savedInResults);
                    procurement = procurement.map(p -> p.withFleetBand(band));
                } else if (!built.fleetBand().isEmpty()) {
                    procurement = procurement.map(p -> p.withFleetBand(built.fleetBand()));
                }
            } catch (RuntimeException e) {
                notes.add("Left out the procurement part: " + e.getMessage());
            }
        }
        return StudyResults.attach(input, study, results, traces, notes, procurement);
    }

    /**
     * Only the band of the fleet this report shows: saved with that plan row (keyed by its id), or with the legacy
     * fleet result in the study's results; empty otherwise.
     */
    private static String savedBand(JsonNode results, SavedAllocation shown, boolean savedInResults) {
        JsonNode band;
        if (savedInResults) {
            band = results.path(io.fleetwise.planner.study.FleetResultJson.KEY);
        } else {
            band = results.path(io.fleetwise.planner.study.FleetResultJson.BAND_KEY);
            if (band.path(io.fleetwise.planner.study.FleetResultJson.BAND_PLAN_ID).asLong(-1) != shown.id()) {
                return "";
            }
        }
        return band.path(io.fleetwise.planner.uncertainty.AllocationBandJson.KEY).path("describe").asText("");
    }

    /**
     * The study's latest fleet plan saved from a fleet allocation (the Fleet area's Save, {@code allocate --study
     * --save-to-study}), as the allocation it stands for; empty, with a note, when the study's inputs changed since
     * it was solved, so the report computes the allocation for the inputs as they are (never a stale headline).
     */
    private Optional<SavedAllocation> savedPlan(Study study, io.fleetwise.planner.study.StudyDocument doc,
                                                List<String> notes) {
        Optional<PlanStore.StoredPlan> saved = plans.plansOf(study.id()).stream()
                .filter(p -> p.plan().provenance().service().equals(FleetPlan.FLEET_ALLOCATION) && p.allocation().isPresent())
                .findFirst();
        if (saved.isEmpty()) {
            return Optional.empty();
        }
        PlanStore.StoredPlan p = saved.get();
        String stamped = p.plan().provenance().inputFingerprint();
        String now = doc == null ? "" : fleetAllocations.inputsFingerprint(doc, calibration.get());
        if (stamped.isEmpty() || !stamped.equals(now)) {
            notes.add("The study's saved fleet plan #" + p.id() + " (" + p.plan().label() + ") was solved for other "
                    + "inputs than the study's now (model, cluster, workload, SLO, prices or calibration changed), so "
                    + "this report computed the allocation for the study as it is; solve and save in the Fleet area to "
                    + "report a saved one.");
            return Optional.empty();
        }
        PlanStore.Allocation a = p.allocation().get();
        return Optional.of(new SavedAllocation(p.id(), p.studyId(), "plan #" + p.id(), p.createdAt(), a.problem(),
                a.result(), Double.NaN, p.plan().predicted().ratePerS(), a.leftOut()));
    }
}
