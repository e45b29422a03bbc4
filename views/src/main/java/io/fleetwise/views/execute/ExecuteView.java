package io.fleetwise.views.execute;

import io.fleetwise.views.common.AreaControls;
import io.fleetwise.views.common.Inputs;
import io.fleetwise.views.common.TableFit;
import io.fleetwise.profiler.compare.IterationComparison;
import io.fleetwise.profiler.compare.OperatorComparison;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.util.Locale;
import java.util.function.Function;

/** The Execute area: devices, plan and schedule, run/cancel/calibrate, and measured against predicted. */
public final class ExecuteView extends BorderPane implements io.fleetwise.views.common.Refreshable {
    private final ExecuteViewModel vm;
    private final DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    private final JFreeChart chart;
    // spinners bind through these object views of the int properties; fields keep them from being collected
    private final javafx.beans.property.ObjectProperty<Integer> tpValue;
    private final javafx.beans.property.ObjectProperty<Integer> ppValue;
    private final javafx.beans.property.ObjectProperty<Integer> epValue;
    private final javafx.beans.property.ObjectProperty<Integer> iterationsValue;
    private final javafx.beans.property.ObjectProperty<Integer> batchTokensValue;
    /** What was wrong with the last refused spinner entry; empty when all entries were taken. */
    private final javafx.beans.property.StringProperty inputProblem = new javafx.beans.property.SimpleStringProperty("");

    public ExecuteView(ExecuteViewModel vm) {
        this(vm, null);
    }

    /** @param openTimeline switches to the Timeline area; null hides the button */
    public ExecuteView(ExecuteViewModel vm, Runnable openTimeline) {
        this.vm = vm;
        tpValue = vm.tensorParallelProperty().asObject();
        ppValue = vm.pipelineParallelProperty().asObject();
        epValue = vm.expertParallelProperty().asObject();
        iterationsValue = vm.iterationsProperty().asObject();
        batchTokensValue = vm.maxBatchTokensProperty().asObject();
        setId("execute-view");
        setPadding(new Insets(8));

        ListView<String> devices = new ListView<>(vm.deviceLines());
        devices.setId("execute-devices");
        // one row per device, all visible: a fixed 64 px cut the second line (the CPU device) in half
        devices.setFixedCellSize(30);
        devices.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(vm.deviceLines())
                .multiply(30).add(4).map(h -> Math.max(34, Math.min(4 * 30 + 4, h.doubleValue()))));
        devices.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label noGpu = new Label();
        noGpu.setId("execute-no-gpu");
        noGpu.textProperty().bind(vm.noGpuReasonProperty());
        noGpu.setWrapText(true);
        noGpu.setStyle("-fx-text-fill: #8a5a00; -fx-font-weight: bold;");
        noGpu.managedProperty().bind(vm.noGpuReasonProperty().isNotEmpty());
        noGpu.visibleProperty().bind(vm.noGpuReasonProperty().isNotEmpty());

        ComboBox<String> model = new ComboBox<>(vm.modelNames());
        model.setId("execute-model");
        model.valueProperty().bindBidirectional(vm.modelNameProperty());
        Spinner<Integer> tp = Inputs.integerSpinner("execute-tp", "TP", 1, 64, tpValue, inputProblem);
        Spinner<Integer> pp = Inputs.integerSpinner("execute-pp", "PP", 1, 64, ppValue, inputProblem);
        Spinner<Integer> ep = Inputs.integerSpinner("execute-ep", "EP", 1, 256, epValue, inputProblem);
        ComboBox<String> device = new ComboBox<>(vm.deviceChoices());
        device.setId("execute-device");
        device.setTooltip(new javafx.scene.control.Tooltip("One device, or a tensor-parallel group of local devices (cuda:0,cuda:1; "
                + "cpu,cpu): one device per TP rank, the all-reduces then run for real between them. TP must equal the group size."));
        device.setValue(vm.deviceProperty().get());
        device.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectDevice(b);
            }
        });
        ComboBox<String> preset = new ComboBox<>(vm.presets());
        preset.valueProperty().bindBidirectional(vm.presetProperty());
        TextField rate = new TextField();
        rate.setId("execute-rate");
        rate.setPrefColumnCount(5);
        rate.textProperty().bindBidirectional(vm.rateTextProperty());
        Spinner<Integer> iterations = Inputs.integerSpinner("execute-iterations", "Iterations", 1, 1000, iterationsValue, inputProblem);
        Spinner<Integer> budget = Inputs.integerSpinner("execute-max-batch-tokens", "Max batch tokens", 0, 65536, batchTokensValue,
                inputProblem);

        for (Spinner<Integer> spinner : java.util.List.of(tp, pp, ep, iterations, budget)) {
            spinner.setPrefWidth(90);
        }
        // wraps onto another line in a narrow window rather than cutting its labels
        javafx.scene.layout.FlowPane form = AreaControls.toolbar(labelled("Model", model), labelled("TP", tp),
                labelled("PP", pp), labelled("EP", ep), labelled("Device", device), labelled("Workload", preset),
                labelled("Rate (req/s)", rate), labelled("Iterations", iterations),
                labelled("Max batch tokens (0 = vLLM)", budget));

        Button run = new Button("Run");
        run.setId("execute-run");
        run.setDefaultButton(true);
        run.disableProperty().bind(vm.runningProperty());
        run.setOnAction(e -> vm.run());
        Button cancel = new Button("Cancel");
        cancel.setId("execute-cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button calibrate = new Button("Calibrate this device");
        calibrate.setId("execute-calibrate");
        calibrate.disableProperty().bind(vm.runningProperty());
        calibrate.setOnAction(e -> vm.calibrate());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(220);
        progress.progressProperty().bind(vm.progressProperty());
        Label status = new Label();
        status.setId("execute-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        vm.statusIsErrorProperty().addListener((o, a, b) -> status.setStyle(b ? "-fx-text-fill: -color-danger-fg;" : ""));
        for (javafx.scene.layout.Region r : new javafx.scene.layout.Region[] {run, cancel, calibrate, progress}) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        HBox actions = new HBox(8, run, cancel, calibrate, progress, status);
        actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);

        Label calibration = label("execute-calibration", vm.calibrationInfoProperty());
        Label schedule = label("execute-schedule", vm.scheduleSummaryProperty());
        Label measurement = label("execute-measurement-note", vm.measurementNoteProperty());
        measurement.setStyle("-fx-font-weight: bold;");
        Label trace = label("execute-trace-note", vm.traceNoteProperty());
        Button toTimeline = new Button("Open in Timeline");
        toTimeline.setId("execute-open-timeline");
        toTimeline.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        toTimeline.setOnAction(e -> openTimeline.run());
        toTimeline.visibleProperty().bind(vm.reportProperty().isNotNull().and(new javafx.beans.property.SimpleBooleanProperty(openTimeline != null)));
        toTimeline.managedProperty().bind(toTimeline.visibleProperty());
        HBox traceRow = new HBox(8, toTimeline, trace);
        traceRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        VBox top = new VBox(6, new Label("Devices"), devices, noGpu, form, Inputs.problemLine("execute-input-problem",
                inputProblem), actions, calibration, schedule, measurement, traceRow);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);

        chart = ChartFactory.createBarChart("Measured vs predicted per operator class", null, "time (ms)", dataset,
                PlotOrientation.VERTICAL, true, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setNoDataMessage("Run an execution to see measured against predicted");
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x1565C0));
        renderer.setSeriesPaint(1, new Color(0xEF6C00));
        chart.setBackgroundPaint(Color.WHITE);
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId("execute-chart");
        viewer.setMinSize(300, 240);

        TableView<OperatorComparison> ops = new TableView<>(vm.operatorRows());
        ops.setId("execute-operator-table");
        ops.getColumns().add(column("Operator class", o -> o.operatorClass().name() + (o.modelled() ? " (modelled)" : "")));
        ops.getColumns().add(column("Measured ms", o -> ms(o.measuredMs())));
        ops.getColumns().add(column("Predicted ms", o -> ms(o.predictedMs())));
        ops.getColumns().add(column("Error", o -> pct(o.errorPct())));
        TableFit.install(ops);
        ops.setPlaceholder(new Label("Press Run: the measured and predicted time per operator class appear here."));
        ops.getPlaceholder().setStyle("-fx-text-alignment: center;");
        ((Label) ops.getPlaceholder()).setWrapText(true);
        TableView<IterationComparison> its = new TableView<>(vm.iterationRows());
        its.setId("execute-iteration-table");
        its.getColumns().add(column("Iteration", i -> Integer.toString(i.iteration())));
        its.getColumns().add(column("Batch", IterationComparison::batch));
        its.getColumns().add(column("Measured ms", i -> ms(i.measuredMs())));
        its.getColumns().add(TableFit.fullName(column("Modelled coll. ms", i -> ms(i.modelledMs())),
                "Collectives (all-reduce) of the iteration as modelled, not measured, ms"));
        its.getColumns().add(column("Predicted ms", i -> ms(i.predictedMs())));
        its.getColumns().add(column("Error", i -> pct(i.errorPct())));
        TableFit.install(its);
        its.setPlaceholder(new Label("Each iteration of the run, measured against the model, appears here."));
        ((Label) its.getPlaceholder()).setWrapText(true);
        SplitPane tables = new SplitPane(ops, its);
        tables.setOrientation(javafx.geometry.Orientation.VERTICAL);
        SplitPane center = new SplitPane(viewer, tables);
        center.setDividerPositions(0.5);
        setCenter(center);

        vm.operatorRows().addListener((ListChangeListener<OperatorComparison>) c -> refreshChart());
        refreshChart();
    }

    private void refreshChart() {
        dataset.clear();
        for (OperatorComparison o : vm.operatorRows()) {
            String category = o.operatorClass().name().toLowerCase(Locale.ROOT) + (o.modelled() ? "*" : "");
            dataset.addValue(o.measuredMs(), "measured" + (vm.reportProperty().get() != null && vm.reportProperty().get().cpuDevice()
                    ? " (CPU device)" : ""), category);
            dataset.addValue(o.predictedMs(), "predicted", category);
        }
    }

    private static Label label(String id, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        l.setWrapText(true);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    private static HBox labelled(String text, javafx.scene.Node control) {
        HBox pair = new HBox(4, new Label(text), control);
        pair.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return pair;
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f%%", v);
    }

    /** Models imported and calibrations stored from the command line. */
    @Override
    public void refreshFromStore() {
        vm.refreshModels();
        vm.refreshDevices();
    }
}
