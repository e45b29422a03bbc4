package io.fleetwise.views.fleet;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.views.common.AreaControls;
import io.fleetwise.views.common.Charts;
import io.fleetwise.views.common.Inputs;
import io.fleetwise.views.common.MetricTiles;
import io.fleetwise.views.common.TableFit;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.util.Locale;

/**
 * The Fleet area: candidate GPU types, workload, SLO sliders and price kind on the left; solve/cancel with
 * progress, TilesFX tiles, the allocation as stacked bars, the bucket-to-type heat map and cost-vs-rate on the
 * right. Binds to {@link FleetViewModel}; no logic here.
 */
public final class FleetView extends BorderPane {

    private final FleetViewModel viewModel;
    private final ChartViewer barViewer = new ChartViewer(null);
    private final BorderPane heatHolder = new BorderPane();
    private final ChartViewer sweepViewer = new ChartViewer(null);
    /** What was wrong with the last refused typed rate or SLO; empty when every entry was taken. */
    private final javafx.beans.property.StringProperty inputProblem = new javafx.beans.property.SimpleStringProperty("");

    public FleetView(FleetViewModel viewModel) {
        this.viewModel = viewModel;
        setId("fleetView");
        setLeft(buildInputs());
        setCenter(buildResults());
        viewModel.outcomeProperty().addListener((o, a, outcome) -> showCharts(outcome));
        showCharts(null);
    }

    private ScrollPane buildInputs() {
        ComboBox<String> model = new ComboBox<>(viewModel.modelNames());
        model.setId("fleetModel");
        model.valueProperty().bindBidirectional(viewModel.modelNameProperty());
        ComboBox<String> workload = new ComboBox<>(viewModel.workloadNames());
        workload.setId("fleetWorkload");
        workload.valueProperty().bindBidirectional(viewModel.workloadProperty());
        ComboBox<PriceKind> priceKind = new ComboBox<>();
        priceKind.getItems().addAll(PriceKind.values());
        priceKind.setId("fleetPriceKind");
        priceKind.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(PriceKind kind) {
                return kind == null ? "" : kind.label();
            }

            @Override
            public PriceKind fromString(String text) {
                return PriceKind.parse(text);
            }
        });
        priceKind.valueProperty().bindBidirectional(viewModel.priceKindProperty());
        GridPane top = new GridPane();
        top.setHgap(8);
        top.setVgap(6);
        top.getColumnConstraints().addAll(new ColumnConstraints(90), new ColumnConstraints(200));
        addRow(top, 0, "Model", model);
        addRow(top, 1, "Workload", workload);
        addRow(top, 2, "Price kind", priceKind);
        javafx.scene.control.CheckBox band = new javafx.scene.control.CheckBox("Model's error band");
        band.setId("fleetBand");
        band.setTooltip(new javafx.scene.control.Tooltip("Also solve with capacities at both ends of the performance "
                + "model's validated error (docs/validation.md): does the mix change, how far does the cost move"));
        band.selectedProperty().bindBidirectional(viewModel.bandProperty());
        top.add(band, 1, 3);

        TableView<CandidateRow> table = new TableView<>(viewModel.candidates());
        table.setId("fleetCandidates");
        table.setEditable(true);
        table.setPrefHeight(330);
        TableColumn<CandidateRow, Boolean> use = new TableColumn<>("Use");
        use.setCellValueFactory(c -> c.getValue().selectedProperty());
        use.setCellFactory(CheckBoxTableCell.forTableColumn(use));
        use.setEditable(true);
        TableColumn<CandidateRow, String> gpu = new TableColumn<>("GPU");
        gpu.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().gpuName()));
        gpu.setEditable(false);
        TableColumn<CandidateRow, String> replica = new TableColumn<>("Plan");
        replica.setCellValueFactory(c -> c.getValue().replicaProperty());
        replica.setEditable(false);
        TableFit.fullName(replica, "Replica plans: the tensor parallelism (TP) of each replica size considered for this GPU type");
        TableColumn<CandidateRow, String> price = new TableColumn<>("$/GPU-h");
        price.setCellValueFactory(c -> c.getValue().priceTextProperty());
        price.setCellFactory(TextFieldTableCell.forTableColumn());
        price.setOnEditCommit(e -> e.getRowValue().priceTextProperty().set(e.getNewValue()));
        TableFit.fullName(price, "Price per GPU-hour, US dollars (edit to try another)");
        TableColumn<CandidateRow, String> cap = new TableColumn<>("Cap");
        cap.setCellValueFactory(c -> c.getValue().capTextProperty());
        cap.setCellFactory(TextFieldTableCell.forTableColumn());
        cap.setOnEditCommit(e -> e.getRowValue().capTextProperty().set(e.getNewValue()));
        TableFit.fullName(cap, "Most GPUs of this type the fleet may use (blank = no cap)");
        table.getColumns().add(use);
        table.getColumns().add(gpu);
        table.getColumns().add(replica);
        table.getColumns().add(price);
        table.getColumns().add(cap);
        TableFit.install(table);

        VBox sliders = new VBox(4,
                Inputs.sliderWithField("fleetRate", "Request rate", "req/s", 0.5, 200, 0.5, viewModel.ratePerSProperty(), 1,
                        inputProblem),
                Inputs.sliderWithField("fleetTtft", "SLO TTFT", "ms", 100, 10_000, 50, viewModel.sloTtftMsProperty(), 0,
                        inputProblem),
                Inputs.sliderWithField("fleetTpot", "SLO TPOT", "ms", 10, 500, 5, viewModel.sloTpotMsProperty(), 0,
                        inputProblem));

        Label validation = AreaControls.validationLabel("fleetValidation", 410, viewModel.validationMessageProperty());
        Label hint = new Label("Prices come from the catalog (your overrides included) for the chosen price kind; "
                + "edit a cell to try another. Cap: most GPUs of that type (from the study's node groups when they set one), blank = no cap.");
        hint.setWrapText(true);
        hint.setMaxWidth(410);
        hint.setStyle(AreaControls.NOTE_STYLE);

        VBox box = new VBox(8, top, table, hint, sliders, Inputs.problemLine("fleetInputProblem", inputProblem), validation);
        box.setPadding(new Insets(0, 8, 0, 0));
        // wide enough for the candidate table's five columns at their content width
        ScrollPane scroll = AreaControls.formScroll(box, 440);
        return scroll;
    }

    private VBox buildResults() {
        Button solve = AreaControls.startButton("Solve", "fleetSolve", viewModel.canSolveProperty(), viewModel::solve);
        // the form's own red line may be scrolled out of sight: say it beside the button it disables
        Label solveWhy = Inputs.disabledReason("fleetSolveWhy", solve, javafx.beans.binding.Bindings.when(
                viewModel.runningProperty()).then("").otherwise(viewModel.validationMessageProperty()));
        VBox controls = AreaControls.runStrip(solve,
                "fleet", viewModel.runningProperty(), viewModel.progressProperty(), viewModel.statusProperty(),
                viewModel.statusIsErrorProperty(), viewModel::cancel);
        Label saveWhy = new Label();
        saveWhy.setManaged(false);
        if (viewModel.canSaveToStudy()) {
            Button save = new Button("Save to study");
            save.setId("fleetSave");
            save.setMinWidth(Button.USE_PREF_SIZE);
            save.disableProperty().bind(viewModel.outcomeProperty().isNull().or(viewModel.runningProperty()));
            save.setOnAction(e -> viewModel.saveToStudy());
            ((HBox) controls.getChildren().get(0)).getChildren().add(2, save);
            saveWhy = Inputs.disabledReason("fleetSaveWhy", save, javafx.beans.binding.Bindings.when(
                    viewModel.runningProperty()).then("Save to study: wait for the solve to finish.")
                    .otherwise("Save to study: solve first."));
        }

        HBox tiles = MetricTiles.row(
                MetricTiles.number("tileFleetCost", "Fleet cost", "$/h", 2, viewModel.costPerHourUsdProperty(), 1,
                        v -> "cheapest mix meeting the SLO", "not solved yet"),
                MetricTiles.number("tileFleetSaving", "Saving", "%", 1, viewModel.savingPercentProperty(), 1,
                        v -> "vs best single type", "not solved yet"),
                MetricTiles.number("tileFleetGpus", "GPUs", "", 0, viewModel.totalGpusProperty(), 1,
                        v -> "in the mix", "not solved yet"),
                MetricTiles.number("tileFleetAttainment", "SLO attainment", "%", 1, viewModel.fleetAttainmentProperty(),
                        100, v -> "fleet simulated: " + viewModel.attainmentMessageProperty().get(), "not solved yet"),
                MetricTiles.number("tileFleetBestSingle", "Best single type", "$/h", 2,
                        viewModel.bestSingleCostPerHourUsdProperty(), 1,
                        v -> viewModel.bestSingleNameProperty().get(), "not solved yet"));
        Label source = AreaControls.noteLabel("fleetSource", 0, viewModel.throughputSourceProperty());
        Label bandText = new Label();
        bandText.setId("fleetBandText");
        bandText.setWrapText(true);
        bandText.setMinHeight(Label.USE_PREF_SIZE);
        bandText.textProperty().bind(viewModel.bandTextProperty());
        bandText.managedProperty().bind(bandText.textProperty().isNotEmpty());

        GridPane charts = AreaControls.chartGrid();
        Charts.sized(barViewer);
        Charts.sized(sweepViewer);
        barViewer.setId("fleetAllocationChart");
        heatHolder.setId("fleetHeatMap");
        // as small as its content, no smaller: the scroll pane below then scrolls rather than clipping the grid
        heatHolder.setMinSize(javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
        sweepViewer.setId("fleetSweepChart");
        // the bucket table on its own row at the full width, so each serving type's column shows at 1280 px
        ScrollPane heatScroll = new ScrollPane(heatHolder);
        heatScroll.setFitToWidth(true);
        heatScroll.setFitToHeight(true);
        charts.add(heatScroll, 0, 0, 2, 1);
        charts.add(barViewer, 0, 1);
        charts.add(sweepViewer, 1, 1);
        Label stale = AreaControls.staleBanner("fleetStale", viewModel.staleNoteProperty());
        return AreaControls.resultsColumn(controls, solveWhy, saveWhy, stale, tiles, bandText, source, charts);
    }

    private void showCharts(FleetOutcome outcome) {
        barViewer.setChart(allocationChart(outcome));
        heatHolder.setCenter(heatMap(outcome));
        sweepViewer.setChart(sweepChart(outcome));
    }

    /** One bar per fleet (the mix, then each single type that has a plan), stacked by $/h per replica config. */
    private static JFreeChart allocationChart(FleetOutcome outcome) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        if (outcome != null) {
            BaselineComparison comparison = outcome.comparison();
            addFleet(data, "Mix", comparison.mix());
            for (AllocationResult single : comparison.singleTypeFleets()) {
                if (single.hasPlan()) {
                    addFleet(data, BaselineComparison.candidateOf(single) + " alone", single);
                }
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Allocation: $/h per replica type", null, "$/h", data,
                PlotOrientation.VERTICAL, true, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        org.jfree.chart.renderer.category.StackedBarRenderer bars =
                (org.jfree.chart.renderer.category.StackedBarRenderer) plot.getRenderer();
        bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDefaultToolTipGenerator(new org.jfree.chart.labels.StandardCategoryToolTipGenerator(
                "{0} in {1}: ${2}/h", java.text.NumberFormat.getNumberInstance(Locale.ROOT)));
        plot.setNoDataMessage("Solve to see the allocation");
        style(chart);
        return chart;
    }

    private static void addFleet(DefaultCategoryDataset data, String fleet, AllocationResult result) {
        for (int c = 0; c < result.candidates().size(); c++) {
            int n = result.replicaCounts().get(c);
            if (n > 0) {
                // series keyed by candidate so one config has one colour in every bar
                data.addValue(n * result.candidates().get(c).costPerHourUsd(), result.candidates().get(c).name(), fleet);
            }
        }
    }

    /**
     * Rows: workload buckets; columns: replica configs; each cell is coloured and labelled by the share of the
     * bucket's rate that config serves. JavaFX labels rather than a JFreeChart block plot, whose symbol-axis labels
     * FXGraphics2D measures too narrow and cuts off.
     */
    private static javafx.scene.Node heatMap(FleetOutcome outcome) {
        GridPane grid = new GridPane();
        grid.setId("fleetHeatGrid");
        grid.setHgap(2);
        grid.setVgap(2);
        Label title = new Label("Who serves which bucket (share of its rate)");
        title.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(6, title, grid);
        box.setPadding(new Insets(6));
        box.setStyle("-fx-background-color: -color-bg-default;");
        box.setAlignment(Pos.TOP_CENTER);
        if (outcome == null || !outcome.comparison().mix().hasPlan()) {
            grid.add(new Label("Solve to see which type serves which bucket"), 0, 0);
            grid.setAlignment(Pos.CENTER);
            return box;
        }
        grid.setAlignment(Pos.TOP_CENTER);
        AllocationResult mix = outcome.comparison().mix();
        AllocationProblem problem = outcome.problem();
        grid.add(new Label("bucket (share of traffic)"), 0, 0);
        for (int c = 0; c < problem.candidates().size(); c++) {
            var candidate = problem.candidates().get(c);
            Label head = new Label(candidate.gpuType() + " x" + candidate.gpuCount());
            head.setTooltip(new javafx.scene.control.Tooltip(candidate.name()));
            head.setMinWidth(Label.USE_PREF_SIZE);
            head.setStyle("-fx-font-size: 11px; -fx-font-weight: bold;");
            grid.add(head, c + 1, 0);
        }
        for (int b = 0; b < problem.buckets().size(); b++) {
            var bucket = problem.buckets().get(b);
            Label name = new Label(String.format(Locale.ROOT, "in %s-%s, out %s-%s (%.1f%%)",
                    tokens(bucket.inputMinTokens()), tokens(bucket.inputMaxTokens()), tokens(bucket.outputMinTokens()),
                    tokens(bucket.outputMaxTokens()), 100 * bucket.rateShare()));
            name.setMinWidth(Label.USE_PREF_SIZE);
            grid.add(name, 0, b + 1);
            for (int c = 0; c < problem.candidates().size(); c++) {
                double share = mix.share(b, c);
                Label cell = new Label(share > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * share) : "");
                cell.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
                cell.setMinSize(60, 22);
                cell.setAlignment(Pos.CENTER);
                cell.setStyle(cellStyle(share));
                grid.add(cell, c + 1, b + 1);
            }
        }
        return box;
    }

    /**
     * An empty cell takes the theme's subtle background; a served share is blue laid over it, more opaque the
     * larger the share, so the grid reads the same in the light and the dark theme (an opaque white-to-blue
     * ramp lit up every empty cell of the dark theme).
     */
    static String cellStyle(double share) {
        double t = Math.max(0, Math.min(1, share));
        if (t == 0) {
            return "-fx-background-color: -color-bg-subtle; -fx-text-fill: -color-fg-default;";
        }
        return String.format(Locale.ROOT,
                "-fx-background-color: -color-bg-subtle, rgba(21,101,192,%.2f); -fx-text-fill: %s;",
                0.2 + 0.8 * t, t > 0.55 ? "white" : "-color-fg-default");
    }

    private static String tokens(int n) {
        return n >= 1024 && n % 1024 == 0 ? n / 1024 + "k" : Integer.toString(n);
    }

    private static JFreeChart sweepChart(FleetOutcome outcome) {
        XYSeriesCollection data = new XYSeriesCollection();
        if (outcome != null) {
            XYSeries mix = new XYSeries("Mix");
            for (RateSweepPoint p : outcome.sweep()) {
                if (!Double.isNaN(p.mixCostPerHourUsd())) {
                    mix.add(p.totalRatePerSecond(), p.mixCostPerHourUsd());
                }
            }
            data.addSeries(mix);
            for (var c : outcome.problem().candidates()) {
                XYSeries single = new XYSeries(c.name() + " alone");
                for (RateSweepPoint p : outcome.sweep()) {
                    Double cost = p.singleTypeCostPerHourUsd().get(c.name());
                    if (cost != null && !cost.isNaN()) {
                        single.add(p.totalRatePerSecond(), cost);
                    }
                }
                data.addSeries(single);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Cost vs request rate", "request rate (req/s)", "$/h", data,
                PlotOrientation.VERTICAL, true, true, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesStroke(0, new java.awt.BasicStroke(3f));
        renderer.setSeriesPaint(0, Color.BLACK);
        chart.getXYPlot().setRenderer(renderer);
        chart.getXYPlot().setNoDataMessage("Solve to see cost against rate");
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        Charts.styled(chart);
    }

    private static void addRow(GridPane grid, int row, String label, javafx.scene.control.Control control) {
        AreaControls.addRow(grid, row, label, control);
    }
}
