package io.fleetwise.app.gui;

import io.fleetwise.app.AppServices;
import io.fleetwise.views.catalog.CatalogView;
import io.fleetwise.views.catalog.CatalogViewModel;
import io.fleetwise.views.common.FxTaskExecutor;
import io.fleetwise.views.fleet.FleetView;
import io.fleetwise.views.fleet.FleetViewModel;
import io.fleetwise.views.simulate.SimulateView;
import io.fleetwise.views.simulate.SimulateViewModel;
import io.fleetwise.views.workbench.AreaRegistry;
import javafx.application.Platform;

/**
 * The workbench areas, in navigation order: one line each. A capability that fills an area replaces
 * its {@code pending(...)} line with {@code add(title, () -> new XView(new XViewModel(...)))}.
 */
final class WorkbenchAreas {

    private WorkbenchAreas() {
    }

    static AreaRegistry create(AppServices services, FxTaskExecutor executor, CatalogViewModel catalog) {
        return new AreaRegistry()
                .add("Catalog", () -> new CatalogView(catalog))
                .pending("Cluster", "cluster layouts (node groups, links and network)")
                .pending("Workload", "workload generators and request traces")
                .add("Fleet", () -> new FleetView(FleetViewModel.forStudy(services.demoStudy().payloadJson(),
                        services.catalogStore()::current, executor, Platform::runLater)))
                .pending("Plans", "parallel-plan search")
                .add("Simulate", () -> new SimulateView(new SimulateViewModel(
                        services.catalogStore()::current, executor, Platform::runLater)))
                .pending("Execute", "the GPU executor")
                .pending("Timeline", "the trace store and timeline viewer")
                .pending("Reports", "PDF and CSV reports");
    }
}
