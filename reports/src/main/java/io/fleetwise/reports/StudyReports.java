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
     * The report data of a study: the allocation the Fleet area saved in the study (else the latest one
     * {@code allocate --save-to-study} stored, else one computed now), then the study's plans, simulation, what-if
     * results, executor runs and newest trace.
     */
    public ReportInput prepare(String studyName, ProgressListener listener) {
        Study study = find(studyName);
        JsonNode results = StudyResults.resultsOf(study);
        List<String> notes = new ArrayList<>();
        Optional<SavedAllocation> latest = plans.plansOf(study.id()).stream()
                .filter(p -> p.plan().provenance().service().equals(FleetPlan.FLEET_ALLOCATION) && p.allocation().isPresent())
                .findFirst().map(p -> new SavedAllocation(p.id(), p.studyId(), "plan #" + p.id(), p.createdAt(),
                        p.allocation().get().problem(), p.allocation().get().result(), Double.NaN));
        if (latest.isEmpty()) {
            // studies saved before plans were rows keep their allocation in the study's results
            latest = StudyResults.fleetAllocation(study, results, notes);
        }
        if (latest.isEmpty()) {
            List<SavedAllocation> saved = allocations.findByStudy(study.id());
            latest = saved.isEmpty() ? Optional.empty() : Optional.of(saved.get(saved.size() - 1));
        }
        Catalog current = catalog.get();
        ReportInput input = new StudyReportBuilder(current, calibration.get(), fleetAllocations, options, fleetwiseVersion)
                .build(StudyReportRequest.fromStudy(study, current), latest, clock.instant(), listener);
        return StudyResults.attach(input, study, results, traces, notes);
    }
}
