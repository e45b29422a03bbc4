package io.fleetwise.app.gui;

import io.fleetwise.app.AppServices;
import io.fleetwise.views.catalog.CatalogView;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.views.common.FxTaskExecutor;
import io.fleetwise.views.plans.PlansView;
import io.fleetwise.views.plans.PlansViewModel;
import io.fleetwise.views.timeline.TimelineArea;
import io.fleetwise.views.workbench.AreaRegistry;
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
     */
    static AreaRegistry create(AppServices services, FxTaskExecutor executor, Supplier<CatalogView> catalog) {
        return new AreaRegistry()
                .add("Catalog", catalog::get)
                .pending("Cluster", "cluster layouts (node groups, links and network)")
                .pending("Workload", "workload generators and request traces")
                .pending("Fleet", "the cost-aware fleet allocator")
                .add("Plans", () -> new PlansView(new PlansViewModel(services.catalogStore()::current, executor, Platform::runLater)))
                .pending("Simulate", "the serving simulator")
                .pending("Execute", "the GPU executor")
                .add("Timeline", () -> new TimelineArea(new TraceStore(services.database())))
                .pending("Reports", "PDF and CSV reports");
    }
}
