package io.fleetwise.app.gui;

import io.fleetwise.app.AppServices;
import io.fleetwise.app.Version;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.views.catalog.CatalogView;
import io.fleetwise.views.catalog.CatalogViewModel;
import io.fleetwise.views.common.FxTaskExecutor;
import io.fleetwise.views.workbench.WorkbenchView;
import io.fleetwise.views.workbench.WorkbenchViewModel;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.study.DebouncedAutosave;
import io.fleetwise.views.study.StudyMenus;
import io.fleetwise.views.study.StudyViewModel;
import javafx.application.Platform;
import javafx.scene.Scene;
import io.fleetwise.planner.engine.EngineProfiles;
import io.fleetwise.views.engine.EngineMenu;
import io.fleetwise.views.engine.EngineSelectionViewModel;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;

import java.util.Comparator;
import java.util.function.Supplier;

/**
 * Builds the main window on a stage from the application services: the GUI half of the composition
 * root. The real launcher and the UI tests both use it, so tests drive exactly what users see.
 */
public final class FleetwiseGui {

    private final Stage stage;
    private final FxTaskExecutor executor;
    private final WorkbenchView workbench;
    private final WorkbenchViewModel workbenchViewModel;
    private final WindowSettings windowSettings;
    private final DebouncedAutosave autosave;
    /** The Catalog area: GPUs and models, the price book, and GPU types of the user's own. */
    static CatalogView catalogArea(AppServices services, io.fleetwise.views.common.FxTaskExecutor executor,
                                   CurrentStudy currentStudy) {
        CatalogViewModel catalogModel = new CatalogViewModel(services.catalogStore(), executor, services.clock());
        Runnable changed = () -> {
            catalogModel.reload();
            services.calibrations().refresh();
        };
        io.fleetwise.views.catalog.PriceBookViewModel prices = new io.fleetwise.views.catalog.PriceBookViewModel(
                services.catalogStore(), executor, services.clock(), changed).forStudy(currentStudy);
        io.fleetwise.views.catalog.GpuTypesViewModel types = new io.fleetwise.views.catalog.GpuTypesViewModel(
                services.catalogStore(), () -> services.calibrations().store().all().stream()
                .map(c -> io.fleetwise.planner.catalog.UserGpuType.FROM_CALIBRATION + c.id() + " ("
                        + io.fleetwise.app.CalibrationResolver.label(c) + ")").toList(), () -> {
                    changed.run();
                    prices.reload();
                });
        return new CatalogView(catalogModel)
                .withTab("Price book", "priceBookTab", new io.fleetwise.views.catalog.PriceBookView(prices))
                .withTab("Your GPU types", "userGpuTab", new io.fleetwise.views.catalog.GpuTypesView(types));
    }

    /** Long enough that typing a number saves once, short enough that a quit right after an edit finds it saved. */
    private static final long AUTOSAVE_DELAY_MS = 400;

    private FleetwiseGui(Stage stage, AppServices services, WindowSettings windowSettings, boolean demo) {
        this.stage = stage;
        this.windowSettings = windowSettings;
        this.executor = new FxTaskExecutor();
        Study study = demo ? services.demoStudy() : services.studies().findAll().stream()
                .max(Comparator.comparing(Study::updatedAt)).orElse(services.demoStudy());
        StudyViewModel[] studyViewModel = new StudyViewModel[1];
        this.autosave = new DebouncedAutosave(services.studyStore(), AUTOSAVE_DELAY_MS, Platform::runLater,
                (id, error) -> studyViewModel[0].autosaved(id, error));
        CurrentStudy currentStudy = new CurrentStudy(autosave, services.catalogStore()::current);
        Supplier<CatalogView> catalog = once(() -> catalogArea(services, executor, currentStudy));
        studyViewModel[0] = new StudyViewModel(services.studyStore(), currentStudy, executor);
        StudyViewModel studies = studyViewModel[0];
        if (!studies.open(study.name())) {
            studies.newStudy(services.studies().freeName("Untitled study"));
        }
        workbenchViewModel = new WorkbenchViewModel(WorkbenchAreas.create(services, executor, catalog, currentStudy,
                this::openArea),
                study.name(), services.database().file().toString());
        workbenchViewModel.followStudyName(studies.studyNameBinding());
        workbenchViewModel.persistThemeIn(windowSettings.node());
        workbenchViewModel.persistLayoutIn(windowSettings.node());
        workbench = new WorkbenchView(workbenchViewModel, executor, Version.current());
        StudyMenus studyMenus = new StudyMenus(studies, () -> stage);
        workbench.addFileMenuItemsAtTop(studyMenus.fileItems());
        workbench.addMenuAfterFile(studyMenus.editMenu());
        EngineSelectionViewModel engines = new EngineSelectionViewModel(EngineProfiles.all(),
                services.calibrations().selectedEngine(), engine -> {
                    services.calibrations().selectEngine(engine);
                    workbenchViewModel.statusMessageProperty().set("Predicting with " + engine.describe()
                            + "; results computed with another engine are stale until recomputed");
                });
        workbench.addMenuAfterFile(EngineMenu.create(engines));
        studies.messageProperty().addListener((obs, old, text) -> workbenchViewModel.statusMessageProperty().set(text));
        MenuItem importModel = new MenuItem("_Import Hugging Face config.json…");
        importModel.setId("importModelItem");
        importModel.setOnAction(e -> {
            workbenchViewModel.open("Catalog");
            catalog.get().chooseAndImportModel(stage);
        });
        workbench.addFileMenuItem(importModel);
        workbench.quitItem().setOnAction(e -> stage.close());
        shipDemoTimeline(services, currentStudy);
        stage.titleProperty().bind(studies.studyNameBinding().map(name -> "Fleetwise — " + name));
        stage.setScene(new Scene(workbench));
        windowSettings.restore(stage);
        stage.setOnHidden(e -> close());
    }

    /**
     * The demo study's first opening simulates a short timeline of its plan in the background, so the Timeline area
     * shows something real without a command-line step (DemoTimeline).
     */
    private void shipDemoTimeline(AppServices services, CurrentStudy study) {
        io.fleetwise.planner.study.StudyDocument demo = study.document();
        if (demo == null || !io.fleetwise.planner.study.DemoStudy.NAME.equals(demo.name()) || !demo.traceIds().isEmpty()) {
            return;
        }
        long studyId = study.id();
        io.fleetwise.planner.task.BackgroundTask<?> timeline = io.fleetwise.planner.task.BackgroundTask.wrap(
                "Simulating the demo study's timeline", progress ->
                        DemoTimeline.simulate(demo, services.catalogStore().current(), services.calibrations().current(),
                                new io.fleetwise.datastore.trace.TraceStore(services.database()), studyId, progress))
                .onSuccess(trace -> trace.ifPresent(t -> {
                    if (study.id() == studyId) {
                        study.edit(doc -> doc.traceIds().contains(t.id()) ? doc : doc.withTraceId(t.id()));
                    }
                    workbench.refreshAreasFromStore();
                }))
                .onFailure(e -> workbenchViewModel.statusMessageProperty().set(
                        "The demo study's timeline was not simulated: " + e.getMessage()));
        // the app's own start-up work: listed under Tasks while it runs, but its success is not announced
        executor.runningTasks().executeUnannounced(timeline);
    }

    /** A supplier that builds its value on first use and then returns the same one (FX thread only). */
    private static <T> Supplier<T> once(Supplier<T> factory) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = factory.get();
                }
                return value;
            }
        };
    }

    /** Shows the window on {@code stage}; call on the FX thread. */
    public static FleetwiseGui show(Stage stage, AppServices services, WindowSettings windowSettings, boolean demo) {
        FleetwiseGui gui = new FleetwiseGui(stage, services, windowSettings, demo);
        stage.show();
        return gui;
    }

    /**
     * Help's docs/ links open through {@code browser} (the application's host services); the docs/ folder is found
     * next to the build the window runs from (a source checkout), else the links name the pages as text.
     */
    public FleetwiseGui openDocumentsWith(java.util.function.Consumer<String> browser) {
        docsFolder().ifPresent(docs -> workbench.setDocuments(docs, browser));
        return this;
    }

    /** docs/ of the source tree: from the property {@code fleetwise.docs}, else above the jar or the working folder. */
    static java.util.Optional<java.nio.file.Path> docsFolder() {
        java.util.List<java.nio.file.Path> starts = new java.util.ArrayList<>();
        String property = System.getProperty("fleetwise.docs");
        if (property != null) {
            starts.add(java.nio.file.Path.of(property).getParent() == null ? java.nio.file.Path.of(".")
                    : java.nio.file.Path.of(property).getParent());
        }
        try {
            starts.add(java.nio.file.Path.of(FleetwiseGui.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source (e.g. a custom runtime image): the working folder is still tried
        }
        starts.add(java.nio.file.Path.of("").toAbsolutePath());
        for (java.nio.file.Path start : starts) {
            for (java.nio.file.Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
                java.nio.file.Path docs = p.resolve("docs");
                if (java.nio.file.Files.isRegularFile(docs.resolve("reports.md"))) {
                    return java.util.Optional.of(docs);
                }
            }
        }
        return java.util.Optional.empty();
    }

    public WorkbenchViewModel workbench() {
        return workbenchViewModel;
    }

    /** The areas' navigator: a method, since the workbench view model is built after the areas that use it. */
    private void openArea(String title) {
        workbenchViewModel.open(title);
    }

    private void close() {
        windowSettings.save(stage);
        workbenchViewModel.saveLayout();
        autosave.close();
        executor.shutdown();
    }
}
