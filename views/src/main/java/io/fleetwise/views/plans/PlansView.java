package io.fleetwise.views.plans;

import io.fleetwise.views.common.AreaControls;
import io.fleetwise.views.common.TableFit;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.search.RankedPlan;
import io.fleetwise.planner.search.SearchObjective;
import io.fleetwise.planner.search.SearchResult;
import io.fleetwise.views.common.AreaControls;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Plans area: search inputs on top; the ranked table; below it the Pareto scatter (goodput against latency or
 * cost, the chosen plan highlighted), the chosen plan's placement on the cluster, and the decode-iteration breakdown
 * of the top plans. State lives in {@link PlansViewModel}.
 */
public final class PlansView extends BorderPane {
    private static final int BREAKDOWN_PLANS = 8;
    private final PlansViewModel viewModel;
    private final TableView<RankedPlan> table = new TableView<>();
    private final XYSeriesCollection paretoData = new XYSeriesCollection();
    private final DefaultCategoryDataset breakdownData = new DefaultCategoryDataset();
    private final PlacementDiagram diagram = new PlacementDiagram();
    private final ComboBox<String> paretoAxis = new ComboBox<>();

    public PlansView(PlansViewModel viewModel) {
        this.viewModel = viewModel;
        table.setId("plans-table");
        setTop(form());
        SplitPane split = new SplitPane(tableNode(), details());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        setCenter(split);
        viewModel.plans().addListener((javafx.collections.ListChangeListener<RankedPlan>) c -> refreshCharts());
        viewModel.selectedProperty().addListener((o, a, b) -> {
            if (b != null && table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
            }
            refreshCharts();
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                viewModel.selectedProperty().set(b);
            }
        });
    }

    public TableView<RankedPlan> table() {
        return table;
    }

    private VBox form() {
        ComboBox<String> model = new ComboBox<>(viewModel.models());
        model.valueProperty().bindBidirectional(viewModel.modelProperty());
        model.setId("plans-model");
        TextField cluster = field(viewModel.clusterTextProperty(), 230, "8xH100-SXM,8xA100-80GB-SXM or a cluster .json file");
        cluster.setId("plans-cluster");
        ComboBox<String> preset = new ComboBox<>(viewModel.presets());
        preset.valueProperty().bindBidirectional(viewModel.presetProperty());
        TextField rate = field(viewModel.rateProperty(), 60, "requests per second");
        TextField requests = field(viewModel.requestsProperty(), 60, "requests in the generated trace");
        TextField ttft = field(viewModel.sloTtftMsProperty(), 60, "TTFT target, ms (empty = none)");
        TextField tpot = field(viewModel.sloTpotMsProperty(), 60, "TPOT target, ms (empty = none)");
        ComboBox<SearchObjective> objective = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(SearchObjective.values()));
        objective.valueProperty().bindBidirectional(viewModel.objectiveProperty());
        TextField weights = field(viewModel.weightsProperty(), 130, "weight formats to try");
        TextField budget = field(viewModel.timeBudgetSProperty(), 50, "time budget, s");
        budget.setId("plans-budget");
        Button search = new Button("Search");
        search.setId("plans-search");
        search.setDefaultButton(true);
        search.disableProperty().bind(viewModel.runningProperty());
        search.setOnAction(e -> viewModel.search());
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(viewModel.runningProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        Button simulate = new Button("Simulate this plan");
        simulate.setId("plans-simulate");
        simulate.setTooltip(new javafx.scene.control.Tooltip(
                "Open Simulate with the selected plan's replicas, this workload and SLO (single-part plans)"));
        simulate.disableProperty().bind(viewModel.canSimulateSelectedProperty().not()
                .or(viewModel.runningProperty()));
        simulate.setOnAction(e -> viewModel.simulateSelected());
        Button execute = new Button("Execute this plan");
        execute.setId("plans-execute");
        execute.setTooltip(new javafx.scene.control.Tooltip(
                "Open Execute with the selected plan's model, TP/PP/EP and this workload's simulated schedule"));
        execute.disableProperty().bind(viewModel.canExecuteSelectedProperty().not().or(viewModel.runningProperty()));
        execute.setOnAction(e -> viewModel.executeSelected());
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(viewModel.progressProperty());
        bar.visibleProperty().bind(viewModel.runningProperty());
        bar.setPrefWidth(160);
        Label message = new Label();
        message.setId("plans-message");
        message.textProperty().bind(viewModel.messageProperty());
        message.styleProperty().bind(javafx.beans.binding.Bindings.when(viewModel.messageIsErrorProperty())
                .then("-fx-text-fill: -color-danger-fg;").otherwise("-fx-text-fill: -color-fg-default;"));
        FlowPane inputs = AreaControls.toolbar(labelled("Model", model), labelled("Cluster", cluster), labelled("Preset", preset),
                labelled("Rate/s", rate), labelled("Requests", requests), labelled("SLO TTFT ms", ttft),
                labelled("SLO TPOT ms", tpot), labelled("Objective", objective), labelled("Weights", weights),
                labelled("Budget s", budget));
        message.setWrapText(true);
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        FlowPane actions = AreaControls.toolbar(search, cancel, simulate, execute, bar);
        if (viewModel.canSaveToStudy()) {
            Button save = new Button("Save to study");
            save.setId("plans-save");
            save.setMinWidth(Button.USE_PREF_SIZE);
            save.setTooltip(new javafx.scene.control.Tooltip(
                    "Store these ranked plans and the selected one (the chosen plan) in the study, for its report"));
            save.disableProperty().bind(viewModel.resultProperty().isNull().or(viewModel.runningProperty()));
            save.setOnAction(e -> viewModel.saveToStudy());
            actions.getChildren().add(4, save);

        }
        Label calibration = new Label();
        calibration.setId("plans-calibration");
        calibration.setStyle("-fx-text-fill: -color-fg-muted;");
        calibration.textProperty().bind(viewModel.calibrationInfoProperty());
        Label runs = AreaControls.noteLabel("plans-runs", 0, viewModel.selectedRunsProperty());
        // runs are made in Simulate and Execute: read them again whenever this area is shown
        sceneProperty().addListener((o, before, after) -> {
            if (after != null) {
                viewModel.refreshRuns();
            }
        });
        runs.visibleProperty().bind(runs.textProperty().isNotEmpty());
        runs.managedProperty().bind(runs.visibleProperty());
        Label stale = AreaControls.staleBanner("plans-stale", viewModel.staleNoteProperty());
        Label why = new Label();
        why.setId("plans-why-disabled");
        why.setWrapText(true);
        why.setStyle(AreaControls.NOTE_STYLE);
        why.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> whyDisabled(simulate, execute),
                simulate.disabledProperty(), execute.disabledProperty(), viewModel.runningProperty(),
                viewModel.resultProperty(), viewModel.whyNotSimulateProperty(), viewModel.whyNotExecuteProperty()));
        why.visibleProperty().bind(why.textProperty().isNotEmpty());
        why.managedProperty().bind(why.visibleProperty());
        VBox box = new VBox(6, inputs, actions, why, message, stale, calibration, runs);
        box.setPadding(new Insets(8));
        return box;
    }

    /** Why the buttons after Search are disabled, in one line when the reason is the same for all. */
    private String whyDisabled(Button simulate, Button execute) {
        if (viewModel.runningProperty().get()) {
            return "A search is running; wait for it or cancel it.";
        }
        if (viewModel.resultProperty().get() == null) {
            return "Search first: Simulate this plan, Execute this plan" + (viewModel.canSaveToStudy()
                    ? " and Save to study work on its plans." : " work on its plans.");
        }
        String sim = simulate.isDisabled() ? viewModel.whyNotSimulateProperty().get() : "";
        String exe = execute.isDisabled() ? viewModel.whyNotExecuteProperty().get() : "";
        if (sim.isEmpty() || sim.equals(exe)) {
            return exe;
        }
        if (exe.isEmpty()) {
            return sim;
        }
        if (sim.replace("Simulate", "Execute").equals(exe)) {
            return sim.replace("Simulate this plan", "Simulate / Execute this plan");
        }
        return sim + "\n" + exe;
    }

    private static TextField field(javafx.beans.property.StringProperty p, double width, String tip) {
        TextField f = new TextField();
        f.textProperty().bindBidirectional(p);
        f.setPrefWidth(width);
        f.setTooltip(new Tooltip(tip));
        return f;
    }

    private static HBox labelled(String text, javafx.scene.Node node) {
        HBox h = new HBox(4, new Label(text), node);
        h.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return h;
    }

    private TableView<RankedPlan> tableNode() {
        table.setItems(viewModel.plans());
        table.setPlaceholder(new Label("No plans yet: set the inputs and press Search."));
        table.getColumns().add(column("#", 40, p -> p.rank()));
        table.getColumns().add(TableFit.longText(column("plan", 420, RankedPlan::label), 420));
        table.getColumns().add(column("GPUs", 50, p -> p.metrics().gpuCount()));
        table.getColumns().add(column("goodput/s", 80, p -> fmt(p.metrics().goodputPerS())));
        table.getColumns().add(column("TTFT p90 ms", 90, p -> fmt(p.metrics().ttftP90Ms())));
        table.getColumns().add(column("TPOT p90 ms", 90, p -> fmt(p.metrics().tpotP90Ms())));
        table.getColumns().add(column("SLO %", 60, p -> fmt(100 * p.metrics().sloAttainment())));
        table.getColumns().add(column("$/Mtok", 70, p -> fmt(p.metrics().costPerMillionTokensUsd())));
        table.getColumns().add(column("J/tok", 60, p -> fmt(p.metrics().joulesPerOutputToken())));
        table.getColumns().add(column("source", 80, p -> p.metrics().simulated() ? "simulated" : "analytic"));
        table.getColumns().add(column("Pareto", 55, p -> p.pareto() ? "*" : ""));
        table.getColumns().add(TableFit.longText(column("why", 380, RankedPlan::why), 480));
        TableFit.install(table);
        return table;
    }

    private static <T> TableColumn<RankedPlan, T> column(String title, double width, Function<RankedPlan, T> value) {
        TableColumn<RankedPlan, T> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v) : "-";
    }

    private TabPane details() {
        JFreeChart pareto = ChartFactory.createScatterPlot(null, "goodput (req/s)", "p90 E2E latency (s)", paretoData,
                PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = pareto.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, new Color(150, 150, 150));
        r.setSeriesPaint(1, new Color(30, 100, 200));
        r.setSeriesPaint(2, new Color(220, 40, 40));
        r.setSeriesShape(2, new Ellipse2D.Double(-7, -7, 14, 14));
        r.setSeriesStroke(2, new BasicStroke(2f));
        plot.setRenderer(r);
        plot.setBackgroundPaint(Color.WHITE);
        paretoAxis.getItems().setAll("p90 E2E latency (s)", "cost ($ per M output tokens)", "energy (J per output token)");
        paretoAxis.getSelectionModel().select(0);
        paretoAxis.valueProperty().addListener((o, a, b) -> {
            plot.getRangeAxis().setLabel(b);
            refreshCharts();
        });
        BorderPane paretoPane = new BorderPane(new ChartViewer(pareto));
        HBox axisBox = new HBox(6, new Label("y axis"), paretoAxis);
        axisBox.setPadding(new Insets(4));
        paretoPane.setTop(axisBox);

        JFreeChart breakdown = ChartFactory.createStackedBarChart(null, "plan (rank)", "decode iteration (ms)", breakdownData,
                PlotOrientation.VERTICAL, true, true, false);
        breakdown.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        // One distinct color per operator class (rows are added in enum order); the default palette repeats.
        Color[] palette = {new Color(31, 119, 180), new Color(174, 199, 232), new Color(44, 160, 44), new Color(255, 127, 14),
                new Color(255, 187, 120), new Color(148, 103, 189), new Color(140, 86, 75), new Color(214, 39, 40),
                new Color(227, 119, 194), new Color(188, 189, 34), new Color(127, 127, 127)};
        for (int i = 0; i < OperatorClass.values().length; i++) {
            breakdown.getCategoryPlot().getRenderer().setSeriesPaint(i, palette[i % palette.length]);
        }

        SplitPane lower = new SplitPane(paretoPane, diagram);
        lower.setDividerPositions(0.45);
        HBox.setHgrow(diagram, Priority.ALWAYS);
        TabPane tabs = new TabPane(new Tab("Pareto front and placement", lower), new Tab("Iteration breakdown", new ChartViewer(breakdown)));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    private double yValue(RankedPlan p) {
        int axis = paretoAxis.getSelectionModel().getSelectedIndex();
        if (axis == 1) {
            return p.metrics().costPerMillionTokensUsd();
        }
        if (axis == 2) {
            return p.metrics().joulesPerOutputToken();
        }
        return p.metrics().e2eP90Ms() / 1000.0;
    }

    private void refreshCharts() {
        paretoData.removeAllSeries();
        XYSeries all = new XYSeries("plans", false, true);
        XYSeries front = new XYSeries("Pareto front", false, true);
        XYSeries chosen = new XYSeries("chosen", false, true);
        RankedPlan sel = viewModel.selectedProperty().get();
        SearchResult result = viewModel.resultProperty().get();
        boolean anySimulated = result != null && result.simulated() > 0;
        for (RankedPlan p : viewModel.plans()) {
            double y = yValue(p);
            if (!Double.isFinite(y) || !Double.isFinite(p.metrics().goodputPerS()) || p.metrics().simulated() != anySimulated) {
                continue;
            }
            (p.pareto() ? front : all).add(p.metrics().goodputPerS(), y);
        }
        if (sel != null && Double.isFinite(yValue(sel))) {
            chosen.add(sel.metrics().goodputPerS(), yValue(sel));
        }
        paretoData.addSeries(all);
        paretoData.addSeries(front);
        paretoData.addSeries(chosen);

        breakdownData.clear();
        List<RankedPlan> top = viewModel.plans().subList(0, Math.min(BREAKDOWN_PLANS, viewModel.plans().size()));
        for (RankedPlan p : top) {
            for (OperatorClass c : OperatorClass.values()) {
                breakdownData.addValue(p.metrics().breakdownMs().getOrDefault(c, 0.0),
                        c.name().toLowerCase(Locale.ROOT), "#" + p.rank());
            }
        }
        diagram.show(sel, viewModel.selectedPlacement());
    }
}
