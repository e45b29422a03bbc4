package io.fleetwise.views.report;

import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.datastore.fleet.SavedAllocation;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.progress.ProgressListener;

import java.time.Clock;
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
    private final StudyReportBuilder.Options options;
    private final String fleetwiseVersion;
    private final Clock clock;

    public StudyReports(StudyRepository studies, FleetAllocationRepository allocations, Supplier<Catalog> catalog,
                        StudyReportBuilder.Options options, String fleetwiseVersion, Clock clock) {
        this.studies = Objects.requireNonNull(studies, "studies");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
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

    public ReportInput prepare(String studyName, ProgressListener listener) {
        Study study = find(studyName);
        List<SavedAllocation> saved = allocations.findByStudy(study.id());
        Optional<SavedAllocation> latest = saved.isEmpty() ? Optional.empty() : Optional.of(saved.get(saved.size() - 1));
        Catalog current = catalog.get();
        return new StudyReportBuilder(current, options, fleetwiseVersion)
                .build(StudyReportRequest.fromStudy(study, current), latest, clock.instant(), listener);
    }
}
