package io.fleetwise.app;

import io.fleetwise.datastore.throughput.ThroughputCellRepository;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.fleet.FleetValidationRepository;
import io.fleetwise.datastore.catalog.CatalogOverrideRepository;
import io.fleetwise.datastore.catalog.CatalogStore;
import io.fleetwise.datastore.catalog.PriceBookRepository;
import io.fleetwise.datastore.catalog.UserGpuTypeRepository;
import io.fleetwise.datastore.catalog.UserModelRepository;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.study.StudyRepository;
import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.datastore.plan.FleetPlanRepository;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.plan.PlanStore;
import io.fleetwise.planner.service.FleetAllocationService;
import io.fleetwise.planner.service.PlanSearchService;
import io.fleetwise.planner.service.SimulationService;
import io.fleetwise.planner.service.WhatIfService;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The composition root: the one place that builds the store, repositories and services and hands
 * them to commands and views through their constructors. Later capabilities add their services here.
 */
public final class AppServices {

    private final Clock clock;
    private final Database database;
    private final StudyRepository studies;
    private final CatalogStore catalogStore;
    private final Study demoStudy;
    private final StudyStore studyStore;
    private final CalibrationResolver calibrations;
    private final SimulationService simulations;
    private final FleetAllocationService fleetAllocations;
    private final PlanSearchService planSearches;
    private final WhatIfService whatIf;
    private final FleetPlanRepository planStore;
    private final ThroughputCellRepository throughputCells;
    private final FleetValidationRepository fleetValidations;

    private AppServices(Clock clock, Database database) {
        this.clock = clock;
        this.database = database;
        this.studies = new StudyRepository(database, clock);
        Catalog builtIn = Catalog.builtIn();
        UserModelRepository userModels = new UserModelRepository(database, clock);
        UserGpuTypeRepository userGpuTypes = new UserGpuTypeRepository(database, clock);
        this.catalogStore = new CatalogStore(builtIn, new CatalogOverrideRepository(database, clock), userModels,
                new PriceBookRepository(database, clock), userGpuTypes);
        this.demoStudy = studies.ensureDemoStudy();
        // a study's export carries the GPU types and model of the user's it uses, and importing one adds them
        FleetPlanRepository plans = new FleetPlanRepository(database, clock, catalogStore::current);
        // ... and its fleet plans with their runs (format 4)
        this.studyStore = new StudyStore(studies, catalogStore::current,
                new io.fleetwise.datastore.fleet.FleetAllocationRepository(database, clock),
                new StudyStore.UserCatalog(builtIn, userGpuTypes, userModels)).withPlans(plans);
        this.calibrations = new CalibrationResolver(database, clock, catalogStore::userGpuTypes);
        this.throughputCells = new ThroughputCellRepository(database);
        this.fleetValidations = new FleetValidationRepository(database, clock);
        this.simulations = new SimulationService(catalogStore::current);
        // one throughput-table cache for the Fleet area, the what-if and the report, over the database's cells and
        // fleet validations: what one measured or checked, the others (and later sessions) reuse
        this.fleetAllocations = FleetAllocationService.withDefaults(catalogStore::current).withCells(throughputCells)
                .withValidations(fleetValidations).withPriceBooks(catalogStore::resolver);
        this.planSearches = new PlanSearchService(catalogStore::current);
        this.whatIf = new WhatIfService(fleetAllocations);
        this.planStore = plans;
    }

    /** Opens (and if needed creates and migrates) the store at {@code dbFile}. */
    public static AppServices open(Path dbFile, Clock clock) {
        Objects.requireNonNull(dbFile, "dbFile");
        return new AppServices(clock, Database.open(dbFile));
    }

    public Clock clock() {
        return clock;
    }

    public Database database() {
        return database;
    }

    public StudyRepository studies() {
        return studies;
    }

    public CatalogStore catalogStore() {
        return catalogStore;
    }

    /** Studies as documents (cluster, model, workload, SLO, results), resolved against the current catalog. */
    public StudyStore studyStore() {
        return studyStore;
    }

    /** Stored calibrations as the planner's per-GPU-type profiles. */
    public CalibrationResolver calibrations() {
        return calibrations;
    }

    /** The planner's workflows, against the current catalog: one implementation for the GUI, the CLI and the report. */
    public SimulationService simulations() {
        return simulations;
    }

    public FleetAllocationService fleetAllocations() {
        return fleetAllocations;
    }

    public PlanSearchService planSearches() {
        return planSearches;
    }

    public WhatIfService whatIf() {
        return whatIf;
    }

    /** Fleet plans as rows under their study, with the runs measured against them. */
    public PlanStore planStore() {
        return planStore;
    }

    /** The persistent throughput table: every area and command reads and keeps its cells here. */
    public ThroughputCellRepository throughputCells() {
        return throughputCells;
    }

    /** Simulated validations of fleet plans, read back when the same plan is solved again (after a restart too). */
    public FleetValidationRepository fleetValidations() {
        return fleetValidations;
    }

    public Study demoStudy() {
        return demoStudy;
    }
}
