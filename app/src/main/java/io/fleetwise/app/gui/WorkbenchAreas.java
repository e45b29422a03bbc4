package io.fleetwise.app.gui;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.app.AppServices;
import io.fleetwise.views.catalog.CatalogView;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.views.common.FxTaskExecutor;
import io.fleetwise.views.plans.PlansView;
import io.fleetwise.views.plans.PlansViewModel;
import io.fleetwise.views.timeline.TimelineArea;
import io.fleetwise.profiler.Profiler;
import io.fleetwise.views.execute.ExecuteView;
import io.fleetwise.views.execute.ExecuteViewModel;
import io.fleetwise.views.execute.ExecutionRequests;
import io.fleetwise.planner.service.WhatIfService;
import io.fleetwise.planner.study.StudyInputs;
import io.fleetwise.views.calibrate.RunCalibrationView;
import io.fleetwise.views.calibrate.RunCalibrationViewModel;
import io.fleetwise.views.whatif.WhatIfView;
import io.fleetwise.views.whatif.WhatIfViewModel;
import io.fleetwise.views.fleet.FleetView;
import io.fleetwise.views.fleet.FleetViewModel;
import io.fleetwise.views.simulate.SimulateView;
import io.fleetwise.views.simulate.SimulateViewModel;
import io.fleetwise.views.simulate.SimulationRequests;
import io.fleetwise.views.common.AreaNavigator;
import io.fleetwise.views.cluster.ClusterView;
import io.fleetwise.views.cluster.ClusterViewModel;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.workload.WorkloadView;
import io.fleetwise.views.workload.WorkloadViewModel;
import io.fleetwise.views.workbench.AreaRegistry;
import io.fleetwise.app.Version;
import io.fleetwise.datastore.fleet.FleetAllocationRepository;
import io.fleetwise.reports.StudyReportBuilder;
import io.fleetwise.reports.StudyReports;
import io.fleetwise.views.reports.ReportsView;
import io.fleetwise.views.reports.ReportsViewModel;
import java.nio.file.Path;
import javafx.application.Platform;

import java.util.function.Supplier;

/**
 * The workbench areas, in navigation order: one line each. A capability that fills an area replaces
 * its {@code pending(...)} line with {@code add(title, () -> new XView(new XViewModel(...)))}.
 */
final class WorkbenchAreas {

    private WorkbenchAreas() {
    }

    /**
     * @param services the application services views are built from (repositories, catalog store ...)
     * @param executor runs long work off the FX thread with progress and cancel
     * @param catalog  the Catalog view, shared with the File menu's import item
     * @param study    the open study: the areas that edit it read and change it here
     */
    static AreaRegistry create(AppServices services, FxTaskExecutor executor, Supplier<CatalogView> catalog,
                               CurrentStudy study) {
        return create(services, executor, catalog, study, AreaNavigator.NONE);
    }

    /**
     * @param navigator switches the workbench to another area (WorkbenchViewModel::open), for hand-offs such as
     *                  Plans' "Simulate this plan"
     */
    static AreaRegistry create(AppServices services, FxTaskExecutor executor, Supplier<CatalogView> catalog,
                               CurrentStudy study, AreaNavigator navigator) {
        SimulationRequests simulationRequests = new SimulationRequests();
        // one engine per session, so the What-if area keeps its throughput tables when it is opened again
        WhatIfService whatIf = services.whatIf();
        ExecutionRequests executionRequests = new ExecutionRequests();
        // Every planner area predicts a calibrated GPU type with its newest stored calibration; refreshed after "Calibrate".
        Supplier<CalibrationSet> calibration = services.calibrations()::current;
        Runnable calibrationStored = () -> services.calibrations().refresh();
        return new AreaRegistry()
                .add("Catalog", catalog::get)
                .add("Cluster", () -> new ClusterView(new ClusterViewModel(study, executor)))
                .add("Workload", () -> new WorkloadView(new WorkloadViewModel(study, executor)))
                .add("Fleet", () -> fleetArea(new FleetView(fleetViewModel(services, study, calibration, executor,
                        Platform::runLater)),
                        new io.fleetwise.views.schedule.ScheduleView(new io.fleetwise.views.schedule.ScheduleViewModel(
                                study::document, study::edit, services.catalogStore()::current,
                                doc -> services.catalogStore().resolver(io.fleetwise.planner.pricing.StudyPricing.choice(doc)),
                                calibration, executor, Platform::runLater))))
                .add("What-if", () -> new WhatIfView(new WhatIfViewModel(study, calibration, executor, whatIf,
                        Platform::runLater)))
                .add("Plans", () -> new PlansView(PlansViewModel.forStudy(study.document(),
                        services.catalogStore()::current, calibration, services.planSearches(), executor,
                        Platform::runLater)
                        .handOffTo(simulationRequests, navigator).executeThrough(executionRequests).saveThrough(study::edit)
                        .keepPlansIn(services.planStore(), study::id,
                                () -> services.fleetAllocations().inputsFingerprint(study.document(), calibration.get()))
                        .followStudy(study.documentProperty())))
                .add("Simulate", () -> new SimulateView(SimulateViewModel.forStudy(study.document(),
                        simulationRequests, services.catalogStore()::current, calibration, services.simulations(), executor,
                        Platform::runLater)
                        .saveThrough(study::edit).attachRunsTo(services.planStore())
                        .fingerprintedBy(services.fleetAllocations()::inputsFingerprint)
                        .followStudy(study.documentProperty())))
                .add("Execute", () -> executeArea(new ExecuteView(new ExecuteViewModel(new Profiler(services.database(),
                        services.catalogStore().current(), services.clock()), services.catalogStore()::current, calibration, executor, Platform::runLater)
                        .receiveFrom(executionRequests).onCalibrationStored(calibrationStored).recordIn(study::edit)
                        .attachRunsTo(services.planStore()),
                        () -> navigator.open("Timeline")), new RunCalibrationView(new RunCalibrationViewModel(
                        services.catalogStore()::current, () -> services.calibrations().resolveCurves("latest", null),
                        services.calibrations().engineFits().repository(), executor, Platform::runLater)
                        .onStored(calibrationStored))))
                .add("Timeline", () -> new TimelineArea(new TraceStore(services.database()),
                        () -> study.document().traceIds()))
                .add("Reports", () -> new ReportsView(reportsViewModel(services, executor, study, calibration)));
    }

    /** The Fleet area: the cheapest mix at one rate, and a day of load planned as a baseline plus peaks. */
    private static javafx.scene.Node fleetArea(FleetView mix, io.fleetwise.views.schedule.ScheduleView schedule) {
        javafx.scene.control.Tab mixTab = new javafx.scene.control.Tab("Cheapest mix", mix);
        mixTab.setId("fleetMixTab");
        javafx.scene.control.Tab dayTab = new javafx.scene.control.Tab("Schedule over a day", schedule);
        dayTab.setId("fleetScheduleTab");
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(mixTab, dayTab);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("fleetTabs");
        return tabs;
    }

    /** Where calibrations are made: on a local device (kernel sweep), or from measured serving runs. */
    private static javafx.scene.Node executeArea(ExecuteView device, RunCalibrationView runs) {
        javafx.scene.control.Tab onDevice = new javafx.scene.control.Tab("Run on a device", device);
        javafx.scene.control.Tab fromRuns = new javafx.scene.control.Tab("Calibrate from serving runs", runs);
        fromRuns.setId("executeRunCalibrationTab");
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(onDevice, fromRuns);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("executeTabs");
        return tabs;
    }

    /**
     * The Fleet area's view model as the workbench builds it: the shared fleet service, priced from the study's book,
     * its plans kept as rows under the study, following the open study.
     */
    static FleetViewModel fleetViewModel(AppServices services, CurrentStudy study, Supplier<CalibrationSet> calibration,
                                         io.fleetwise.planner.task.TaskExecutor executor,
                                         java.util.concurrent.Executor uiThread) {
        return FleetViewModel.forStudy(study.document(), services.catalogStore()::current, calibration,
                        services.fleetAllocations(), executor, uiThread)
                .pricedFrom(() -> services.catalogStore().resolver(
                        io.fleetwise.planner.pricing.StudyPricing.choice(study.document())))
                .keepPlansIn(services.planStore(), study::id)
                .savingBandThrough(study::edit)
                .followStudy(study.documentProperty());
    }

    /** The Reports area's report source: the shared fleet service and plan rows, priced from each study's book. */
    static StudyReports studyReports(AppServices services, Supplier<CalibrationSet> calibration) {
        return new StudyReports(services.studies(),
                new FleetAllocationRepository(services.database(), services.clock()), new TraceStore(services.database()),
                services.catalogStore()::current, calibration, services.fleetAllocations(), services.planStore(),
                StudyReportBuilder.Options.quick(), Version.current(), services.clock())
                .withPrices(doc -> services.catalogStore().resolver(io.fleetwise.planner.pricing.StudyPricing.choice(doc)));
    }

    private static ReportsViewModel reportsViewModel(AppServices services, FxTaskExecutor executor, CurrentStudy study,
                                                     Supplier<CalibrationSet> calibration) {
        StudyReports reports = studyReports(services, calibration);
        ReportsViewModel model = new ReportsViewModel(reports::studyNames, reports::prepare, executor, Platform::runLater,
                Path.of(System.getProperty("user.home"), "Fleetwise reports"));
        String open = study.document().name();
        if (model.studies().contains(open)) {
            model.selectedStudyProperty().set(open);
        }
        return model;
    }
}
