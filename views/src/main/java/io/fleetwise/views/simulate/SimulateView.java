package io.fleetwise.views.simulate;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import io.fleetwise.views.common.Inputs;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.views.common.AreaControls;
import io.fleetwise.views.common.Charts;
import io.fleetwise.views.common.MetricTiles;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;
import io.fleetwise.planner.sim.LoadMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Simulate area: inputs on the left; run/cancel with progress, TilesFX headline tiles, latency CDFs
 * and the throughput-vs-rate curve on the right. Binds to {@link SimulateViewModel}; no logic here.
 */
public final class SimulateView extends BorderPane implements io.fleetwise.views.common.Refreshable {

    private static final Map<LoadMode.Kind, String> LOAD_NAMES = Map.of(LoadMode.Kind.OPEN_LOOP, "Open loop (rate)",
            LoadMode.Kind.CLOSED_LOOP, "Closed loop (max in flight)", LoadMode.Kind.OFFLINE, "Offline (all at t=0)");

    private final SimulateViewModel viewModel;
    // Spinners bind through these object views of the int properties; fields keep them from being collected.
    private final ObjectProperty<Integer> tpValue;
    private final ObjectProperty<Integer> ppValue;
    private final ObjectProperty<Integer> replicasValue;
    /** What was wrong with the last refused spinner entry; empty when all entries were taken. */
    private final StringProperty inputProblem = new SimpleStringProperty("");
    private final XYSeriesCollection ttftData = new XYSeriesCollection();
    private final XYSeriesCollection tpotData = new XYSeriesCollection();
    private final XYSeriesCollection rateData = new XYSeriesCollection();

    public SimulateView(SimulateViewModel viewModel) {
        this.viewModel = viewModel;
        setId("simulateView");
        tpValue = viewModel.tensorParallelProperty().asObject();
        ppValue = viewModel.pipelineParallelProperty().asObject();
        replicasValue = viewModel.replicasProperty().asObject();
        setLeft(buildForm());
        setCenter(buildResults());
        viewModel.ttftCdfProperty().addListener((o, a, cdf) -> showCdf(ttftData, "TTFT", cdf));
        viewModel.tpotCdfProperty().addListener((o, a, cdf) -> showCdf(tpotData, "TPOT", cdf));
        viewModel.ratePoints().addListener((ListChangeListener<RatePoint>) c -> showRates(viewModel.ratePoints()));
    }

    private ScrollPane buildForm() {
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.setPadding(new Insets(4, 10, 4, 0));
        form.getColumnConstraints().addAll(new ColumnConstraints(110), new ColumnConstraints(170));
        int row = 0;
        form.add(section("Model and plan"), 0, row++, 2, 1);
        ComboBox<String> model = new ComboBox<>(viewModel.modelNames());
        model.setId("simModel");
        model.valueProperty().bindBidirectional(viewModel.modelNameProperty());
        row = addRow(form, row, "Model", model);
        ComboBox<String> gpu = new ComboBox<>(viewModel.gpuNames());
        gpu.setId("simGpu");
        gpu.valueProperty().bindBidirectional(viewModel.gpuNameProperty());
        row = addRow(form, row, "GPU type", gpu);
        row = addRow(form, row, "TP", Inputs.integerSpinner("simTp", "TP", 1, 64, tpValue, inputProblem));
        row = addRow(form, row, "PP", Inputs.integerSpinner("simPp", "PP", 1, 64, ppValue, inputProblem));
        row = addRow(form, row, "Replicas", Inputs.integerSpinner("simReplicas", "Replicas", 1, 512, replicasValue,
                inputProblem));
        ComboBox<DType> weights = new ComboBox<>();
        weights.getItems().addAll(DType.BF16, DType.FP16, DType.FP8, DType.INT8, DType.INT4);
        weights.setId("simWeights");
        weights.valueProperty().bindBidirectional(viewModel.weightDtypeProperty());
        row = addRow(form, row, "Weights", weights);
        ComboBox<SchedulerKind> scheduler = new ComboBox<>();
        scheduler.getItems().addAll(SchedulerKind.values());
        scheduler.setId("simScheduler");
        scheduler.valueProperty().bindBidirectional(viewModel.schedulerProperty());
        row = addRow(form, row, "Scheduler", scheduler);

        form.add(section("Workload"), 0, row++, 2, 1);
        ComboBox<String> workload = new ComboBox<>(viewModel.workloadNames());
        workload.setId("simWorkload");
        workload.valueProperty().bindBidirectional(viewModel.workloadProperty());
        row = addRow(form, row, "Workload", workload);
        ComboBox<LoadMode.Kind> load = new ComboBox<>();
        load.getItems().addAll(LoadMode.Kind.values());
        load.setConverter(new StringConverter<>() {
            @Override
            public String toString(LoadMode.Kind kind) {
                return kind == null ? "" : LOAD_NAMES.get(kind);
            }

            @Override
            public LoadMode.Kind fromString(String text) {
                return LOAD_NAMES.entrySet().stream().filter(e -> e.getValue().equals(text)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
            }
        });
        load.setId("simLoad");
        load.setTooltip(new Tooltip("Open loop: requests sent at their arrival times (vllm bench serve --request-rate).\n"
                + "Closed loop: at most N in flight; the next is sent when one finishes (--max-concurrency).\n"
                + "Offline: every request at t=0, no API server (vllm bench throughput)."));
        load.valueProperty().bindBidirectional(viewModel.loadKindProperty());
        row = addRow(form, row, "Load", load);
        TextField rate = text("simRate", viewModel.rateTextProperty());
        rate.disableProperty().bind(viewModel.rateAppliesProperty().not());
        rate.setTooltip(new Tooltip("requests per second, or inf to send every request at t=0"));
        row = addRow(form, row, "Rate (req/s)", rate);
        form.add(Inputs.disabledReason("simRateWhy", rate, "Closed-loop and offline runs send requests as others "
                + "finish or all at once; the rate is for open loop."), 0, row++, 2, 1);
        TextField cap = text("simMaxConcurrency", viewModel.maxConcurrencyTextProperty());
        cap.disableProperty().bind(viewModel.concurrencyAppliesProperty().not());
        row = addRow(form, row, "Max in flight", cap);
        form.add(Inputs.disabledReason("simMaxConcurrencyWhy", cap,
                "Only a closed-loop run keeps at most this many requests in flight."), 0, row++, 2, 1);
        row = addRow(form, row, "Requests", text("simRequests", viewModel.requestsTextProperty()));

        form.add(section("SLO"), 0, row++, 2, 1);
        row = addRow(form, row, "TTFT (ms)", text("simSloTtft", viewModel.sloTtftTextProperty()));
        row = addRow(form, row, "TPOT (ms)", text("simSloTpot", viewModel.sloTpotTextProperty()));
        CheckBox sweep = new CheckBox("Sweep rates after the run");
        sweep.setId("simSweep");
        sweep.selectedProperty().bindBidirectional(viewModel.sweepAfterRunProperty());
        form.add(sweep, 0, row++, 2, 1);

        Label validation = AreaControls.validationLabel("simValidation", 285, viewModel.validationMessageProperty());
        Label memory = AreaControls.noteLabel("simMemory", 285, viewModel.memoryInfoProperty());
        Label workloadInfo = AreaControls.noteLabel("simWorkloadInfo", 285, viewModel.workloadInfoProperty());
        Label calibration = AreaControls.noteLabel("simCalibration", 285, viewModel.calibrationInfoProperty());
        Label plan = AreaControls.noteLabel("simPlan", 285, viewModel.planInfoProperty());
        plan.visibleProperty().bind(plan.textProperty().isNotEmpty());
        plan.managedProperty().bind(plan.visibleProperty());
        VBox box = new VBox(8, plan, form, Inputs.problemLine("simInputProblem", inputProblem), validation, workloadInfo,
                memory, calibration);
        box.setPadding(new Insets(0, 6, 0, 0));
        ScrollPane scroll = AreaControls.formScroll(box, 310);
        return scroll;
    }

    private VBox buildResults() {
        javafx.scene.control.Button run = AreaControls.startButton("Run", "simRun", viewModel.canRunProperty(),
                viewModel::run);
        Label runWhy = Inputs.disabledReason("simRunWhy", run, javafx.beans.binding.Bindings.when(
                viewModel.runningProperty()).then("").otherwise(viewModel.validationMessageProperty()));
        VBox controls = AreaControls.runStrip(run, "sim",
                viewModel.runningProperty(), viewModel.progressProperty(), viewModel.statusProperty(),
                viewModel.statusIsErrorProperty(), viewModel::cancel);

        // five tiles fit the results column at 1280 px; each p99 tile names its median below the number
        HBox tiles = MetricTiles.row(
                MetricTiles.number("tileTtftP99", "TTFT p99", "ms", 0, viewModel.ttftP99MsProperty(), 1,
                        v -> String.format(Locale.ROOT, "median %.0f ms, incl. queueing", viewModel.ttftP50MsProperty().get()),
                        "no run yet"),
                MetricTiles.number("tileTpotP99", "TPOT p99", "ms", 1, viewModel.tpotP99MsProperty(), 1,
                        v -> String.format(Locale.ROOT, "median %.1f ms per output token", viewModel.tpotP50MsProperty().get()),
                        "no run yet"),
                MetricTiles.number("tileThroughput", "Throughput", "tok/s", 0, viewModel.outputTokensPerSProperty(), 1,
                        v -> "output tokens", "no run yet"),
                MetricTiles.number("tileAttainment", "SLO attainment", "%", 1, viewModel.sloAttainmentProperty(), 100,
                        v -> String.format(Locale.ROOT, "goodput %.2f req/s", viewModel.goodputPerSProperty().get()),
                        "no run yet"),
                MetricTiles.number("tileCost", "Cost", "$/Mtok", 3, viewModel.costPerMillionTokensUsdProperty(), 1,
                        v -> "on-demand, output tokens", "no run yet"));

        GridPane charts = AreaControls.chartGrid();
        charts.add(Charts.viewer("simTtftChart", cdfChart("TTFT distribution", "TTFT (ms)", ttftData)), 0, 0);
        charts.add(Charts.viewer("simTpotChart", cdfChart("TPOT distribution", "TPOT (ms)", tpotData)), 1, 0);
        charts.add(Charts.viewer("simRateChart", rateChart()), 0, 1, 2, 1);
        return AreaControls.resultsColumn(controls, runWhy,
                AreaControls.staleBanner("simStale", viewModel.staleNoteProperty()), tiles, charts);
    }

    private static JFreeChart cdfChart(String title, String xLabel, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, "fraction of requests", data,
                PlotOrientation.VERTICAL, false, true, false);
        XYPlot plot = chart.getXYPlot();
        plot.getRangeAxis().setRange(0, 1.02);
        style(chart);
        return chart;
    }

    private JFreeChart rateChart() {
        JFreeChart chart = ChartFactory.createXYLineChart("Throughput vs offered rate (simulated sweep)",
                viewModel.sweepAxisLabelProperty().get(), "req/s", rateData, PlotOrientation.VERTICAL, true, true, false);
        viewModel.sweepAxisLabelProperty().addListener((o, a, label) -> {
            chart.getXYPlot().getDomainAxis().setLabel(label);
            chart.setTitle(SimulateViewModel.CONCURRENCY_AXIS.equals(label)
                    ? "Throughput vs requests in flight (simulated sweep)" : "Throughput vs offered rate (simulated sweep)");
        });
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        chart.getXYPlot().setRenderer(renderer);
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        Charts.styled(chart);
        XYPlot plot = chart.getXYPlot();
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
        plot.getRenderer().setSeriesPaint(0, new Color(0x1565C0));
        plot.getRenderer().setSeriesPaint(1, new Color(0x2E7D32));
        plot.setNoDataMessage("Run a simulation to see this chart");
    }

    private static void showCdf(XYSeriesCollection data, String name, LatencyCdf cdf) {
        data.removeAllSeries();
        if (cdf == null || cdf.isEmpty()) {
            return;
        }
        XYSeries series = new XYSeries(name, false, true);
        double[] x = cdf.latencyMs();
        double[] y = cdf.fraction();
        for (int i = 0; i < x.length; i++) {
            series.add(x[i], y[i], false);
        }
        data.addSeries(series);
    }

    private void showRates(List<RatePoint> points) {
        rateData.removeAllSeries();
        if (points.isEmpty()) {
            return;
        }
        XYSeries completed = new XYSeries("completed req/s");
        XYSeries goodput = new XYSeries("goodput req/s (meets SLO)");
        for (RatePoint p : points) {
            completed.add(p.offeredRatePerS(), p.completedPerS());
            goodput.add(p.offeredRatePerS(), p.goodputPerS());
        }
        rateData.addSeries(completed);
        rateData.addSeries(goodput);
    }

    private static Label section(String title) {
        Label label = new Label(title);
        label.setStyle("-fx-font-weight: bold; -fx-padding: 6 0 0 0;");
        return label;
    }

    private static int addRow(GridPane form, int row, String label, javafx.scene.control.Control control) {
        AreaControls.addRow(form, row, label, control);
        return row + 1;
    }

    private static TextField text(String id, javafx.beans.property.StringProperty property) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(property);
        return field;
    }

    /** Models imported from the command line. */
    @Override
    public void refreshFromStore() {
        viewModel.reload();
    }
}
