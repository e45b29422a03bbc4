package io.fleetwise.views.workbench;

import io.fleetwise.views.common.FxTaskExecutor;
import io.fleetwise.views.common.RunningTasks;
import io.fleetwise.views.common.RunningTasksView;
import io.fleetwise.views.common.ThemePalette;
import io.fleetwise.views.common.ThemedNodes;
import io.fleetwise.views.common.NodeWalk;
import javafx.scene.control.SplitPane;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.HashMap;
import java.util.Map;

/**
 * The main window's content: menu bar, area navigation on the left, the open area in the middle and
 * a status bar (message, running task with cancel, open study). Areas are built on first open and kept.
 */
public final class WorkbenchView extends BorderPane {

    private final WorkbenchViewModel viewModel;
    private final StackPane content = new StackPane();
    private final Map<WorkbenchArea, Node> built = new HashMap<>();
    private final Menu fileMenu = new Menu("_File");
    private final MenuItem quitItem = new MenuItem("_Quit");
    private final ListView<WorkbenchArea> navigation;
    private MenuBar menuBar;
    private VBox tasksPanel;

    public WorkbenchView(WorkbenchViewModel viewModel, FxTaskExecutor executor, String version) {
        this.viewModel = viewModel;
        setId("workbench");
        navigation = buildNavigation();
        setTop(buildMenuBar(version));
        setLeft(navigation);
        content.setId("areaContent");
        content.setPadding(new Insets(8));
        setCenter(content);
        setBottom(buildStatusBar(executor));
        executor.runningTasks().setOnLongTaskFinished(this::notifyFinished);
        viewModel.selectedAreaProperty().addListener((obs, old, area) -> show(area));
        show(viewModel.selectedAreaProperty().get());
        getStylesheets().add(Theme.shellStylesheet());

        viewModel.themeProperty().addListener((obs, old, theme) -> apply(theme));
        apply(viewModel.themeProperty().get());
        // back from a terminal: what the command line stored meanwhile shows in every area built so far
        sceneProperty().flatMap(javafx.scene.Scene::windowProperty).flatMap(javafx.stage.Window::focusedProperty)
                .addListener((obs, was, focused) -> {
                    if (Boolean.TRUE.equals(focused)) {
                        built.values().forEach(WorkbenchView::refreshFromStore);
                    }
                });
    }

    /** Every area built so far re-reads the store (after work outside the areas stored something). */
    public void refreshAreasFromStore() {
        built.values().forEach(WorkbenchView::refreshFromStore);
    }

    /** Every {@link io.fleetwise.views.common.Refreshable} in an area re-reads the store. */
    private static void refreshFromStore(Node area) {
        NodeWalk.visit(area, n -> {
            if (n instanceof io.fleetwise.views.common.Refreshable r) {
                r.refreshFromStore();
            }
        });
    }

    /**
     * The user-agent stylesheet is global to the application; the shell is its only owner. Drawn content (charts,
     * tiles, canvases) of every area built so far is re-coloured now; areas built later take the palette when built.
     */
    private void apply(Theme theme) {
        Application.setUserAgentStylesheet(theme.userAgentStylesheet());
        ThemePalette.currentProperty().set(theme.palette());
        built.values().forEach(node -> ThemedNodes.applyPalette(node, theme.palette()));
    }

    private ListView<WorkbenchArea> buildNavigation() {
        ListView<WorkbenchArea> list = new ListView<>(viewModel.areas());
        list.setId("navigation");
        list.setPrefWidth(150);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(WorkbenchArea area, boolean empty) {
                super.updateItem(area, empty);
                setText(empty || area == null ? null : area.title());
                getStyleClass().remove("unavailable-area");
                if (!empty && area != null && !area.isAvailable()) {
                    getStyleClass().add("unavailable-area");
                }
            }
        });
        list.getSelectionModel().select(viewModel.selectedAreaProperty().get());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, area) -> {
            if (area != null) {
                viewModel.selectedAreaProperty().set(area);
            }
        });
        viewModel.selectedAreaProperty().addListener((obs, old, area) -> list.getSelectionModel().select(area));
        return list;
    }

    private MenuBar buildMenuBar(String version) {
        quitItem.setId("quitItem");
        fileMenu.getItems().addAll(new SeparatorMenuItem(), quitItem);
        Menu viewMenu = new Menu("_View");
        viewMenu.setId("viewMenu");
        CheckMenuItem dark = new CheckMenuItem("_Dark Theme");
        dark.setId("darkThemeItem");
        dark.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        dark.setSelected(viewModel.themeProperty().get() == Theme.DARK);
        dark.selectedProperty().addListener((obs, old, on) -> viewModel.themeProperty().set(on ? Theme.DARK : Theme.LIGHT));
        viewModel.themeProperty().addListener((obs, old, theme) -> dark.setSelected(theme == Theme.DARK));
        Menu themeMenu = new Menu("_Theme", null, dark);
        viewMenu.getItems().add(themeMenu);
        Menu goMenu = new Menu("_Go");
        goMenu.setId("goMenu");
        for (int i = 0; i < viewModel.areas().size(); i++) {
            WorkbenchArea area = viewModel.areas().get(i);
            MenuItem item = new MenuItem(area.title());
            item.setOnAction(e -> viewModel.open(area.title()));
            WorkbenchShortcuts.areaShortcut(i).ifPresent(item::setAccelerator);
            goMenu.getItems().add(item);
        }
        Menu helpMenu = new Menu("_Help");
        MenuItem guide = new MenuItem("_Guide to this area");
        guide.setId("guideItem");
        guide.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        guide.setOnAction(e -> showGuide(viewModel.selectedAreaProperty().get()));
        MenuItem docs = new MenuItem("_Documentation (docs/)");
        docs.setId("docsItem");
        docs.setOnAction(e -> openDocument(null));
        MenuItem about = new MenuItem("_About Fleetwise");
        about.setId("aboutItem");
        about.setOnAction(e -> {
            Alert alert = new Alert(Alert.AlertType.INFORMATION);
            alert.initOwner(getScene().getWindow());
            alert.setTitle("About Fleetwise");
            alert.setHeaderText("Fleetwise " + version);
            alert.setContentText(aboutText(viewModel.storeDescription()));
            alert.getDialogPane().setId("aboutDialog");
            alert.getDialogPane().getStylesheets().add(Theme.shellStylesheet());
            alert.show();
        });
        helpMenu.getItems().addAll(guide, docs, new SeparatorMenuItem(), about);
        MenuBar bar = new MenuBar(fileMenu, viewMenu, goMenu, helpMenu);
        this.menuBar = bar;
        bar.setId("menuBar");
        return bar;
    }

    private HBox buildStatusBar(FxTaskExecutor executor) {
        Label message = new Label();
        message.setId("statusMessage");
        message.textProperty().bind(viewModel.statusMessageProperty());
        Label task = new Label();
        task.textProperty().bind(executor.currentMessageProperty());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(120);
        progress.progressProperty().bind(executor.currentProgressProperty());
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> executor.cancelCurrent());
        Button tasks = new Button();
        tasks.setId("tasksButton");
        tasks.textProperty().bind(executor.runningCountProperty().asString("Tasks (%d)"));
        tasks.setTooltip(new Tooltip("Show or hide the running tasks with their progress"));
        tasks.setOnAction(e -> viewModel.tasksPanelShownProperty().set(!viewModel.tasksPanelShownProperty().get()));
        viewModel.tasksPanelShownProperty().addListener((obs, old, shown) -> showTasksPanel(executor, shown));
        showTasksPanel(executor, viewModel.tasksPanelShownProperty().get());
        HBox running = new HBox(6, task, progress, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        running.visibleProperty().bind(executor.runningCountProperty().greaterThan(0));
        running.managedProperty().bind(running.visibleProperty());
        Label study = new Label();
        study.setId("statusStudy");
        study.textProperty().bind(viewModel.studyNameProperty().map(name -> "Study: " + name));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, message, spacer, running, tasks, study);
        bar.setId("statusBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        return bar;
    }

    /** Shows or hides the progress view, a panel on the right of the open area. */
    private void showTasksPanel(FxTaskExecutor executor, boolean shown) {
        if (tasksPanel == null) {
            Label header = new Label("Running tasks");
            header.getStyleClass().add("title-4");
            Button close = new Button("Hide");
            close.setId("hideTasksButton");
            close.setOnAction(e -> viewModel.tasksPanelShownProperty().set(false));
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox top = new HBox(6, header, gap, close);
            top.setAlignment(Pos.CENTER_LEFT);
            RunningTasksView list = new RunningTasksView(executor.runningTasks());
            VBox.setVgrow(list, Priority.ALWAYS);
            tasksPanel = new VBox(6, top, list);
            tasksPanel.setId("tasksPanel");
            tasksPanel.setPadding(new Insets(8));
            tasksPanel.setMaxWidth(340);
            tasksPanel.setMaxHeight(Region.USE_PREF_SIZE);
            tasksPanel.setPrefHeight(320);
            StackPane.setAlignment(tasksPanel, Pos.BOTTOM_RIGHT);
        }
        // an overlay on the area's right edge, so opening it does not squeeze the area's layout
        content.getChildren().remove(tasksPanel);
        if (shown) {
            content.getChildren().add(tasksPanel);
        }
    }

    /**
     * Where the docs/ pages are and how to open one (a browser through the application's host services); without
     * them the guide names the pages as text.
     */
    public void setDocuments(java.nio.file.Path docsFolder, java.util.function.Consumer<String> browser) {
        this.docsFolder = docsFolder;
        this.browser = browser;
    }

    private java.nio.file.Path docsFolder;
    private java.util.function.Consumer<String> browser;

    /** Opens docs/{@code page}, or the folder for null; says where it is when it cannot be opened. */
    private void openDocument(String page) {
        if (docsFolder == null || browser == null) {
            viewModel.statusMessageProperty().set("The documentation is in the docs/ folder of the Fleetwise source"
                    + (page == null ? "." : ": " + page));
            return;
        }
        java.nio.file.Path target = page == null ? docsFolder : docsFolder.resolve(page);
        browser.accept(target.toUri().toString());
        viewModel.statusMessageProperty().set("Opened " + target);
    }

    /** Help > Guide (F1): what the open area answers, what to do first, and the docs/ pages that go further. */
    void showGuide(WorkbenchArea area) {
        if (area == null) {
            return;
        }
        AreaGuide guide = AreaGuide.of(area.title()).orElse(null);
        javafx.scene.control.Dialog<Void> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(getScene() == null ? null : getScene().getWindow());
        dialog.setTitle("Guide: " + area.title());
        dialog.setHeaderText(area.title());
        VBox body = new VBox(8);
        body.setId("areaGuide");
        body.setPrefWidth(520);
        if (guide == null) {
            body.getChildren().add(wrapped("No guide for this area yet."));
        } else {
            Label answers = wrapped(guide.answers());
            answers.setId("guideAnswers");
            body.getChildren().addAll(bold("What it answers"), answers, bold("What to do first"));
            for (int i = 0; i < guide.firstSteps().size(); i++) {
                body.getChildren().add(wrapped((i + 1) + ". " + guide.firstSteps().get(i)));
            }
            body.getChildren().add(bold("Read more"));
            for (String page : guide.docs()) {
                javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink("docs/" + page);
                link.setOnAction(e -> openDocument(page));
                body.getChildren().add(link);
            }
        }
        dialog.getDialogPane().setContent(body);
        dialog.getDialogPane().getButtonTypes().add(javafx.scene.control.ButtonType.CLOSE);
        dialog.getDialogPane().setId("guideDialog");
        dialog.getDialogPane().getStylesheets().add(Theme.shellStylesheet());
        dialog.show();
    }

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(520);
        return label;
    }

    private static Label bold(String text) {
        Label label = new Label(text);
        label.setStyle("-fx-font-weight: bold;");
        return label;
    }

    /** Text of Help > About: what Fleetwise is, where its data is and where catalog numbers come from. */
    static String aboutText(String storeDescription) {
        return "Planning and tracing LLM serving on heterogeneous GPU fleets.\n\n"
                + "Store: " + storeDescription + "\n\n"
                + "Catalog sources: each GPU type and model in the Catalog area names where its numbers\n"
                + "come from (Price source, Spec source and Source columns; also `fleetwise catalog gpus`).\n\n"
                + "Keyboard: Ctrl+1..Ctrl+9 open the areas (Go menu); F1 shows the open area's guide; "
                + "Ctrl+Shift+T switches light/dark.";
    }

    /** A long task that ended while the user may have looked elsewhere: a notification on the main window. */
    private void notifyFinished(RunningTasks.FinishedTask finished) {
        if (getScene() == null || getScene().getWindow() == null || !getScene().getWindow().isShowing()) {
            return;
        }
        String seconds = String.format(java.util.Locale.ROOT, "%.1f s", finished.durationMs() / 1000.0);
        Notifications notification = Notifications.create()
                .owner(getScene().getWindow())
                .position(Pos.BOTTOM_RIGHT)
                .hideAfter(Duration.seconds(6))
                .title(finished.title());
        if (viewModel.themeProperty().get() == Theme.DARK) {
            notification.darkStyle();
        }
        if (finished.outcome() == RunningTasks.Outcome.FAILED) {
            notification.text("Failed after " + seconds + ": " + finished.detail()).showError();
        } else {
            notification.text("Finished in " + seconds).showInformation();
        }
        Platform.runLater(() -> recolourNotifications(ThemePalette.current()));
    }

    /**
     * ControlsFX's notification stylesheet sits on the popup's own nodes (so it beats any scene stylesheet) and draws
     * with Modena colours AtlantaFX leaves undefined, which gives a white box; inline styles in the palette's
     * colours win over both.
     */
    static void recolourNotifications(ThemePalette palette) {
        String box = "-fx-background-color: " + ThemePalette.css(palette.border()) + ", "
                + ThemePalette.css(palette.raised()) + "; -fx-background-insets: 0, 1;";
        String text = "-fx-text-fill: " + ThemePalette.css(palette.foreground()) + ";";
        for (javafx.stage.Window window : javafx.stage.Window.getWindows()) {
            if (window instanceof javafx.stage.PopupWindow && window.getScene() != null) {
                for (Node bar : window.getScene().getRoot().lookupAll(".notification-bar")) {
                    if (bar instanceof javafx.scene.Parent parent) {
                        parent.getChildrenUnmodifiable().stream().filter(n -> n.getStyleClass().contains("pane"))
                                .forEach(pane -> pane.setStyle(box));
                    }
                    bar.lookupAll(".label").forEach(label -> label.setStyle(text));
                }
            }
        }
    }

    private void show(WorkbenchArea area) {
        if (area == null) {
            return;
        }
        boolean fresh = !built.containsKey(area);
        Node node = built.computeIfAbsent(area, a -> viewModel.factoryOf(a).create());
        if (content.getChildren().isEmpty() || content.getChildren().get(0) == tasksPanel) {
            content.getChildren().add(0, node);
        } else {
            content.getChildren().set(0, node);
        }
        if (fresh) {
            ThemedNodes.applyPalette(node, ThemePalette.current());
            viewModel.layout().ifPresent(layout -> rememberDividers(area.title(), node, layout));
        } else {
            refreshFromStore(node);
        }
        // after the area's skins exist (table headers are skin nodes), so every metric gets its explanation
        Platform.runLater(() -> {
            if (node.getScene() != null) {
                node.applyCss();
            }
            ThemedNodes.explainMetrics(node);
        });
        viewModel.statusMessageProperty().set(area.isAvailable() ? area.title() : area.title() + ": not available yet");
    }

    /**
     * Restores the saved divider positions of the area's split panes (numbered in scene-graph order) and records
     * each later drag.
     */
    private static void rememberDividers(String areaTitle, Node area, LayoutPreference layout) {
        List<SplitPane> splits = new ArrayList<>();
        NodeWalk.visit(area, n -> {
            if (n instanceof SplitPane split) {
                splits.add(split);
            }
        });
        for (int i = 0; i < splits.size(); i++) {
            SplitPane split = splits.get(i);
            String key = areaTitle + "." + i;
            layout.dividers(key).filter(p -> p.length == split.getDividers().size())
                    .ifPresent(split::setDividerPositions);
            for (SplitPane.Divider divider : split.getDividers()) {
                divider.positionProperty().addListener((obs, old, now) ->
                        layout.rememberDividers(key, split.getDividerPositions()));
            }
        }
    }

    /** Adds an item to the File menu, above Quit (for actions other areas contribute). */
    public void addFileMenuItem(MenuItem item) {
        fileMenu.getItems().add(fileMenu.getItems().size() - 2, item);
    }

    /** Adds items at the top of the File menu, in the given order. */
    public void addFileMenuItemsAtTop(java.util.List<? extends MenuItem> items) {
        fileMenu.getItems().addAll(0, items);
    }

    /** Adds a menu after File (e.g. Edit). */
    public void addMenuAfterFile(Menu menu) {
        menuBar.getMenus().add(1, menu);
    }

    public MenuItem quitItem() {
        return quitItem;
    }
}
