package io.fleetwise.reports;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.throughput.ThroughputCellStore;
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
    private final StudyReportBuilder.Options options;
    private final String fleetwiseVersion;
    private final Clock clock;

    private final TraceStore traces;
    /** The price book as a study chose it; null: the report has no procurement part. */
    private java.util.function.Function<io.fleetwise.planner.study.StudyDocument, io.fleetwise.planner.pricing.PriceResolver> prices;
    private final ThroughputCellStore cells;

    public StudyReports(StudyRepository studies, FleetAllocationRepository allocations, Supplier<Catalog> catalog,
                        Supplier<CalibrationSet> calibration, StudyReportBuilder.Options options,
                        String fleetwiseVersion, Clock clock) {
        this(studies, allocations, null, catalog, calibration, options, fleetwiseVersion, clock);
    }

    /**
     * @param traces      where the study's timeline snapshot is read from; null: the report has none
     * @param calibration the calibrations in use now (what an allocation computed for the report predicts with)
     */
    public StudyReports(StudyRepository studies, FleetAllocationRepository allocations, TraceStore traces,
                        Supplier<Catalog> catalog, Supplier<CalibrationSet> calibration,
                        StudyReportBuilder.Options options, String fleetwiseVersion, Clock clock) {
        this.traces = traces;
        this.studies = Objects.requireNonNull(studies, "studies");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.options = Objects.requireNonNull(options, "options");
        this.fleetwiseVersion = Objects.requireNonNull(fleetwiseVersion, "fleetwiseVersion");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cells = ThroughputCellStore.inMemory();
    }

    private StudyReports(StudyReports other, ThroughputCellStore cells) {
        this.traces = other.traces;
        this.studies = other.studies;
        this.allocations = other.allocations;
        this.catalog = other.catalog;
        this.calibration = other.calibration;
        this.options = other.options;
        this.fleetwiseVersion = other.fleetwiseVersion;
        this.clock = other.clock;
        this.cells = Objects.requireNonNull(cells, "cells");
        this.prices = other.prices;
    }

    /** The same reports, reading and keeping throughput cells in {@code store} (the database's, in the app). */
    public StudyReports sharingCells(ThroughputCellStore store) {
        return new StudyReports(this, store);
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
        StudyReportBuilder builder = new StudyReportBuilder(current, calibration.get(), options, fleetwiseVersion, cells);
        String bookNow = "";
        if (prices != null) {
            try {
                io.fleetwise.planner.pricing.PriceResolver resolver = prices.apply(io.fleetwise.planner.study.StudyJson.parse(
                        "study '" + study.name() + "'", study.payloadJson(), current, study.name()));
                builder.pricedFrom(resolver);
                bookNow = resolver.book().fingerprint();
            } catch (RuntimeException e) {
                notes.add("Priced with the shipped book: the study's price choice could not be read (" + e.getMessage()
                        + ")");
            }
        }
        Optional<SavedAllocation> latest = StudyResults.fleetAllocation(study, results, bookNow, notes);
        // allocate --save-to-study rows record no model, workload or prices: never shown as the study's fleet
        List<SavedAllocation> unverifiable = allocations.findByStudy(study.id());
        if (!unverifiable.isEmpty()) {
            notes.add(StudyResults.unverifiedAllocationsNote(unverifiable));
        }
        ReportInput input = builder.build(StudyReportRequest.fromStudy(study, current), latest, clock.instant(), listener);
        Optional<ProcurementReport> procurement = Optional.empty();
        if (prices != null) {
            try {
                io.fleetwise.planner.study.StudyDocument doc = io.fleetwise.planner.study.StudyJson.parse(
                        "study '" + study.name() + "'", study.payloadJson(), current, study.name());
                procurement = Optional.of(ProcurementReport.read(doc, results, prices.apply(doc), current));
                if (latest.isPresent()) {
                    // only the band of the fleet this report shows: the saved one
                    String band = results.path(io.fleetwise.planner.study.FleetResultJson.KEY)
                            .path(io.fleetwise.planner.uncertainty.AllocationBandJson.KEY).path("describe").asText("");
                    procurement = procurement.map(p -> p.withFleetBand(band));
                }
            } catch (RuntimeException e) {
                notes.add("Left out the procurement part: " + e.getMessage());
            }
        }
        return StudyResults.attach(input, study, results, traces, notes, procurement);
    }
}
