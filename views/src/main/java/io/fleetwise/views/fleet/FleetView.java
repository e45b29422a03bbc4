package io.fleetwise.views.fleet;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.PriceKind;
import io.fleetwise.planner.alloc.RateSweepPoint;
import io.fleetwise.views.common.MetricTiles;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
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
    private final ChartViewer heatViewer = new ChartViewer(null);
    private final ChartViewer sweepViewer = new ChartViewer(null);

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
        priceKind.valueProperty().bindBidirectional(viewModel.priceKindProperty());
        GridPane top = new GridPane();
        top.setHgap(8);
        top.setVgap(6);
        top.getColumnConstraints().addAll(new ColumnConstraints(90), new ColumnConstraints(200));
        addRow(top, 0, "Model", model);
        addRow(top, 1, "Workload", workload);
        addRow(top, 2, "Price kind", priceKind);

        TableView<CandidateRow> table = new TableView<>(viewModel.candidates());
        table.setId("fleetCandidates");
        table.setEditable(true);
        table.setPrefHeight(330);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        TableColumn<CandidateRow, Boolean> use = new TableColumn<>("Use");
        use.setCellValueFactory(c -> c.getValue().selectedProperty());
        use.setCellFactory(CheckBoxTableCell.forTableColumn(use));
        use.setEditable(true);
        use.setMaxWidth(40);
        TableColumn<CandidateRow, String> gpu = new TableColumn<>("GPU");
        gpu.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().gpuName()));
        gpu.setEditable(false);
        TableColumn<CandidateRow, String> replica = new TableColumn<>("Plan");
        replica.setCellValueFactory(c -> c.getValue().replicaProperty());
        replica.setEditable(false);
        replica.setMaxWidth(45);
        TableColumn<CandidateRow, String> price = new TableColumn<>("$/GPU-h");
        price.setCellValueFactory(c -> c.getValue().priceTextProperty());
        price.setCellFactory(TextFieldTableCell.forTableColumn());
        price.setOnEditCommit(e -> e.getRowValue().priceTextProperty().set(e.getNewValue()));
        price.setMaxWidth(70);
        TableColumn<CandidateRow, String> cap = new TableColumn<>("Cap");
        cap.setCellValueFactory(c -> c.getValue().capTextProperty());
        cap.setCellFactory(TextFieldTableCell.forTableColumn());
        cap.setOnEditCommit(e -> e.getRowValue().capTextProperty().set(e.getNewValue()));
        cap.setMaxWidth(50);
        table.getColumns().add(use);
        table.getColumns().add(gpu);
        table.getColumns().add(replica);
        table.getColumns().add(price);
        table.getColumns().add(cap);

        VBox sliders = new VBox(4,
                slider("fleetRate", "Request rate", "req/s", 0.5, 200, viewModel.ratePerSProperty(), 1),
                slider("fleetTtft", "SLO TTFT", "ms", 100, 10_000, viewModel.sloTtftMsProperty(), 0),
                slider("fleetTpot", "SLO TPOT", "ms", 10, 500, viewModel.sloTpotMsProperty(), 0));

        Label validation = new Label();
        validation.setId("fleetValidation");
        validation.setWrapText(true);
        validation.setMaxWidth(300);
        validation.setStyle("-fx-text-fill: #b00020;");
        validation.textProperty().bind(viewModel.validationMessageProperty());
        validation.visibleProperty().bind(viewModel.validationMessageProperty().isNotEmpty());
        validation.managedProperty().bind(validation.visibleProperty());
        Label hint = new Label("Prices come from the catalog (your overrides included) for the chosen price kind; "
                + "edit a cell to try another. Cap: most GPUs of that type, blank = no cap.");
        hint.setWrapText(true);
        hint.setMaxWidth(300);
        hint.setStyle("-fx-text-fill: #555; -fx-font-size: 11px;");

        VBox box = new VBox(8, top, table, hint, sliders, validation);
        box.setPadding(new Insets(0, 8, 0, 0));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(330);
        scroll.setMinWidth(330);
        return scroll;
    }

    private VBox buildResults() {
        Button solve = new Button("Solve");
        solve.setId("fleetSolve");
        solve.setDefaultButton(true);
        solve.disableProperty().bind(viewModel.canSolveProperty().not());
        solve.setOnAction(e -> viewModel.solve());
        Button cancel = new Button("Cancel");
        cancel.setId("fleetCancel");
        cancel.disableProperty().bind(viewModel.runningProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        ProgressBar bar = new ProgressBar();
        bar.setId("fleetProgress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(viewModel.progressProperty());
        Label status = new Label();
        status.setId("fleetStatus");
        status.setWrapText(true);
        status.textProperty().bind(viewModel.statusProperty());
        status.styleProperty().bind(viewModel.statusIsErrorProperty()
                .map(isError -> isError ? "-fx-text-fill: #b00020;" : "-fx-text-fill: #333;"));
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox controls = new HBox(8, solve, cancel, bar, status);
        controls.setAlignment(Pos.CENTER_LEFT);

        FlowPane tiles = new FlowPane(6, 6,
                MetricTiles.number("tileFleetCost", "Fleet cost", "$/h", 2, viewModel.costPerHourUsdProperty(), 1,
                        v -> "cheapest mix meeting the SLO", "not solved yet"),
                MetricTiles.number("tileFleetSaving", "Saving", "%", 1, viewModel.savingPercentProperty(), 1,
                        v -> "vs best single type", "not solved yet"),
                MetricTiles.number("tileFleetGpus", "GPUs", "", 0, viewModel.totalGpusProperty(), 1,
                        v -> "in the mix", "not solved yet"),
                MetricTiles.number("tileFleetBestSingle", "Best single type", "$/h", 2,
                        viewModel.bestSingleCostPerHourUsdProperty(), 1,
                        v -> viewModel.bestSingleNameProperty().get(), "not solved yet"));
        Label source = new Label();
        source.setId("fleetSource");
        source.setWrapText(true);
        source.setStyle("-fx-text-fill: #555; -fx-font-size: 11px;");
        source.textProperty().bind(viewModel.throughputSourceProperty());

        GridPane charts = new GridPane();
        charts.setHgap(6);
        charts.setVgap(6);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        charts.getColumnConstraints().addAll(half, half);
        RowConstraints row = new RowConstraints();
        row.setPercentHeight(50);
        row.setVgrow(Priority.ALWAYS);
        charts.getRowConstraints().addAll(row, row);
        for (ChartViewer v : new ChartViewer[] {barViewer, heatViewer, sweepViewer}) {
            v.setMinSize(200, 160);
            v.setPrefSize(400, 260);
        }
        barViewer.setId("fleetAllocationChart");
        heatViewer.setId("fleetHeatMap");
        sweepViewer.setId("fleetSweepChart");
        charts.add(barViewer, 0, 0);
        charts.add(heatViewer, 1, 0);
        charts.add(sweepViewer, 0, 1, 2, 1);
        VBox.setVgrow(charts, Priority.ALWAYS);

        VBox results = new VBox(8, controls, tiles, source, charts);
        results.setPadding(new Insets(0, 0, 0, 8));
        return results;
    }

    private void showCharts(FleetOutcome outcome) {
        barViewer.setChart(allocationChart(outcome));
        heatViewer.setChart(heatMap(outcome));
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
                    addFleet(data, BaselineComparison.candidateOf(single) + " only", single);
                }
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Allocation: $/h per replica type", null, "$/h", data,
                PlotOrientation.VERTICAL, true, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setNoDataMessage("Solve to see the allocation");
        plot.setBackgroundPaint(new Color(0xFAFAFA));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        style(chart);
        return chart;
    }

    private static void addFleet(DefaultCategoryDataset data, String fleet, AllocationResult result) {
        for (int c = 0; c < result.candidates().size(); c++) {
            int n = result.replicaCounts().get(c);
            if (n > 0) {
                data.addValue(n * result.candidates().get(c).costPerHourUsd(),
                        result.candidates().get(c).name() + " (" + n + ")", fleet);
            }
        }
    }

    /** Rows: workload buckets; columns: replica configs; colour: share of the bucket's rate that config serves. */
    private static JFreeChart heatMap(FleetOutcome outcome) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        String[] candidates = {""};
        String[] buckets = {""};
        if (outcome != null && outcome.comparison().mix().hasPlan()) {
            AllocationResult mix = outcome.comparison().mix();
            AllocationProblem problem = outcome.problem();
            int nc = problem.candidates().size();
            int nb = problem.buckets().size();
            candidates = problem.candidates().stream().map(c -> c.name()).toArray(String[]::new);
            buckets = problem.buckets().stream().map(b -> String.format(Locale.ROOT, "in %d-%d / out %d-%d (%.0f%%)",
                    b.inputMinTokens(), b.inputMaxTokens(), b.outputMinTokens(), b.outputMaxTokens(),
                    100 * b.rateShare())).toArray(String[]::new);
            double[][] xyz = new double[3][nc * nb];
            for (int b = 0; b < nb; b++) {
                for (int c = 0; c < nc; c++) {
                    int i = b * nc + c;
                    xyz[0][i] = c;
                    xyz[1][i] = b;
                    xyz[2][i] = mix.share(b, c);
                }
            }
            data.addSeries("share", xyz);
        }
        SymbolAxis x = new SymbolAxis(null, candidates);
        SymbolAxis y = new SymbolAxis(null, buckets);
        y.setTickLabelFont(y.getTickLabelFont().deriveFont(10f));
        XYBlockRenderer renderer = new XYBlockRenderer();
        LookupPaintScale scale = new LookupPaintScale(0, 1.0001, new Color(0xF5F5F5));
        for (int k = 1; k <= 10; k++) {
            float t = k / 10f;
            scale.add(t - 0.0999, new Color(1 - 0.9f * t, 1 - 0.55f * t, 1 - 0.2f * t));
        }
        scale.add(0.0, new Color(0xF5F5F5));
        scale.add(0.0001, new Color(0xE3F2FD));
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setNoDataMessage("Solve to see which type serves which bucket");
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart("Who serves which bucket (share of its rate)", plot);
        chart.removeLegend();
        NumberAxis legendAxis = new NumberAxis("share");
        legendAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        style(chart);
        return chart;
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
                XYSeries single = new XYSeries(c.name() + " only");
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
        chart.getXYPlot().setBackgroundPaint(new Color(0xFAFAFA));
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
    }

    private static void addRow(GridPane grid, int row, String label, javafx.scene.control.Control control) {
        control.setMaxWidth(Double.MAX_VALUE);
        grid.add(new Label(label), 0, row);
        grid.add(control, 1, row);
    }

    private static VBox slider(String id, String title, String unit, double min, double max, DoubleProperty value,
                               int decimals) {
        Slider slider = new Slider(min, max, value.get());
        slider.setId(id);
        slider.valueProperty().bindBidirectional(value);
        Label label = new Label();
        label.textProperty().bind(value.asString(Locale.ROOT, title + ": %." + decimals + "f " + unit));
        return new VBox(2, label, slider);
    }
}
