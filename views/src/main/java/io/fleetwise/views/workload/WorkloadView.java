package io.fleetwise.views.workload;

import io.fleetwise.views.common.Inputs;
import io.fleetwise.planner.study.WorkloadSpec;
import javafx.collections.MapChangeListener;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.File;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Workload and SLO area: a form on the left (model, workload source and settings, trace file, SLO) and the
 * preview charts on the right. Trace files can also be dropped anywhere on the area.
 */
public final class WorkloadView extends BorderPane {

    private final WorkloadViewModel viewModel;
    private final Map<WorkloadField, TextField> editors = new EnumMap<>(WorkloadField.class);
    private final Map<WorkloadField, Label> errorLabels = new EnumMap<>(WorkloadField.class);
    private final DefaultCategoryDataset inputLengths = new DefaultCategoryDataset();
    private final DefaultCategoryDataset outputLengths = new DefaultCategoryDataset();
    private final XYSeriesCollection arrivals = new XYSeriesCollection();
    private final GridPane heatMap = new GridPane();

    public WorkloadView(WorkloadViewModel viewModel) {
        this.viewModel = viewModel;
        setId("workloadView");
        ScrollPane form = new ScrollPane(buildForm());
        form.setFitToWidth(true);
        form.setPrefWidth(360);
        setLeft(form);
        setCenter(buildCharts());
        viewModel.fieldErrors().addListener((MapChangeListener<WorkloadField, String>) c -> showErrors());
        viewModel.previewProperty().addListener((o, a, p) -> showPreview(p));
        if (viewModel.previewProperty().get() != null) {
            showPreview(viewModel.previewProperty().get());
        }
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                viewModel.importTrace(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private Node buildForm() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        grid.setPadding(new Insets(0, 10, 0, 0));
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(150);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, inputs);
        int row = 0;
        grid.add(heading("Model"), 0, row++, 2, 1);
        ComboBox<String> model = new ComboBox<>(viewModel.models());
        model.setId("modelChoice");
        model.setPromptText("Choose a model");
        model.valueProperty().bindBidirectional(viewModel.modelProperty());
        model.setMaxWidth(Double.MAX_VALUE);
        grid.add(new Label("Model"), 0, row);
        grid.add(model, 1, row++);

        grid.add(heading("Workload"), 0, row++, 2, 1);
        ComboBox<WorkloadSpec.Source> source = new ComboBox<>();
        source.getItems().setAll(WorkloadSpec.Source.values());
        source.setId("sourceChoice");
        source.setConverter(new StringConverter<>() {
            @Override
            public String toString(WorkloadSpec.Source s) {
                if (s == null) {
                    return "";
                }
                switch (s) {
                    case PRESET:
                        return "Preset";
                    case GENERATOR:
                        return "Generator";
                    default:
                        return "Trace file";
                }
            }

            @Override
            public WorkloadSpec.Source fromString(String text) {
                return null;
            }
        });
        source.valueProperty().bindBidirectional(viewModel.sourceProperty());
        source.setMaxWidth(Double.MAX_VALUE);
        source.setTooltip(new Tooltip("Preset: Poisson arrivals. Generator: bursty (CV > 1) or diurnal arrivals. "
                + "Trace file: the requests of a recorded trace."));
        grid.add(new Label("Source"), 0, row);
        grid.add(source, 1, row++);
        ComboBox<String> preset = new ComboBox<>(viewModel.presets());
        preset.setId("presetChoice");
        preset.valueProperty().bindBidirectional(viewModel.presetProperty());
        preset.setMaxWidth(Double.MAX_VALUE);
        preset.setTooltip(new Tooltip("Length distributions from public traces: chat = Azure 2023 conversation, "
                + "code = Azure 2023 code, long-context = Mooncake, summarization = arXiv (Vidur)"));
        preset.disableProperty().bind(viewModel.sourceProperty().isEqualTo(WorkloadSpec.Source.TRACE));
        grid.add(new Label("Lengths"), 0, row);
        grid.add(preset, 1, row++);
        grid.add(Inputs.disabledReason("why-presetChoice", preset,
                "A trace file brings its own input and output lengths."), 0, row++, 2, 1);
        row = field(grid, row, WorkloadField.RATE_PER_S, false);
        row = field(grid, row, WorkloadField.BURSTINESS_CV, true);
        row = field(grid, row, WorkloadField.DIURNAL_AMPLITUDE_PCT, true);
        row = field(grid, row, WorkloadField.REQUESTS, false);

        Button choose = new Button("Choose trace file…");
        choose.setId("chooseTraceButton");
        choose.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open request trace");
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("Traces (*.csv, *.jsonl, *.gz)", "*.csv", "*.jsonl", "*.gz"),
                    new FileChooser.ExtensionFilter("All files", "*.*"));
            File f = chooser.showOpenDialog(getScene().getWindow());
            if (f != null) {
                viewModel.importTrace(f.toPath());
            }
        });
        ProgressIndicator reading = new ProgressIndicator();
        reading.setPrefSize(18, 18);
        reading.visibleProperty().bind(viewModel.busyProperty());
        HBox traceRow = new HBox(6, choose, reading);
        traceRow.setAlignment(Pos.CENTER_LEFT);
        grid.add(new Label("Trace"), 0, row);
        grid.add(traceRow, 1, row++);
        Label traceFile = new Label();
        traceFile.setId("traceFile");
        traceFile.setWrapText(true);
        traceFile.textProperty().bind(viewModel.traceFileProperty().map(f -> f.isEmpty() ? "(or drop a trace file on this area: "
                + "Azure/BurstGPT CSV, Mooncake JSONL)" : f));
        grid.add(traceFile, 0, row++, 2, 1);
        Label traceMessage = new Label();
        traceMessage.setId("traceMessage");
        traceMessage.setWrapText(true);
        traceMessage.textProperty().bind(viewModel.traceMessageProperty());
        traceMessage.styleProperty().bind(viewModel.traceMessageIsErrorProperty()
                .map(err -> err ? "-fx-text-fill: -color-danger-fg;" : "-fx-text-fill: -color-fg-default;"));
        grid.add(traceMessage, 0, row++, 2, 1);

        grid.add(heading("Service-level objective"), 0, row++, 2, 1);
        row = field(grid, row, WorkloadField.TTFT_MS, false);
        row = field(grid, row, WorkloadField.TPOT_MS, false);
        row = field(grid, row, WorkloadField.ATTAINMENT_PCT, false);
        Label summary = new Label();
        summary.setId("workloadSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.summaryProperty());
        grid.add(new Separator(), 0, row++, 2, 1);
        grid.add(summary, 0, row, 2, 1);
        return grid;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 13px; -fx-padding: 8 0 2 0;");
        return l;
    }

    private int field(GridPane grid, int row, WorkloadField field, boolean generatorOnly) {
        TextField text = new TextField();
        text.setId("field-" + field.name());
        text.textProperty().bindBidirectional(viewModel.fieldTextProperty(field));
        text.setOnAction(e -> viewModel.commit(field));
        text.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                viewModel.commit(field);
            }
        });
        Label why = null;
        if (generatorOnly) {
            text.disableProperty().bind(viewModel.sourceProperty().isNotEqualTo(WorkloadSpec.Source.GENERATOR));
            why = Inputs.disabledReason("why-" + field.name(), text, "Shapes the arrivals of the Generator source only "
                    + "(bursty: CV > 1; diurnal: a daily swing). Set Source to Generator to use it.");
        } else if (field == WorkloadField.RATE_PER_S || field == WorkloadField.REQUESTS) {
            text.disableProperty().bind(viewModel.sourceProperty().isEqualTo(WorkloadSpec.Source.TRACE));
            why = Inputs.disabledReason("why-" + field.name(), text, "Taken from the trace file's requests.");
        }
        Label error = new Label();
        error.setId("error-" + field.name());
        error.setStyle("-fx-text-fill: -color-danger-fg;");
        error.setWrapText(true);
        error.setManaged(false);
        error.setVisible(false);
        editors.put(field, text);
        errorLabels.put(field, error);
        grid.add(new Label(field.label()), 0, row);
        grid.add(text, 1, row++);
        if (why != null) {
            grid.add(why, 0, row++, 2, 1);
        }
        grid.add(error, 0, row++, 2, 1);
        return row;
    }

    private void showErrors() {
        editors.forEach((field, editor) -> {
            String error = viewModel.fieldErrors().get(field);
            editor.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), error != null);
            Label label = errorLabels.get(field);
            label.setText(error == null ? "" : error);
            label.setVisible(error != null);
            label.setManaged(error != null);
        });
    }

    private Node buildCharts() {
        JFreeChart input = ChartFactory.createBarChart("Input length", "tokens", "requests", inputLengths,
                PlotOrientation.VERTICAL, false, true, false);
        JFreeChart output = ChartFactory.createBarChart("Output length", "tokens", "requests", outputLengths,
                PlotOrientation.VERTICAL, false, true, false);
        for (JFreeChart c : new JFreeChart[] {input, output}) {
            c.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            c.getCategoryPlot().getRenderer().setSeriesPaint(0, new java.awt.Color(0x3b6fb6));
        }
        JFreeChart rate = ChartFactory.createXYLineChart("Arrival rate", "time (s)", "requests/s", arrivals,
                PlotOrientation.VERTICAL, false, true, false);
        rate.getXYPlot().getRenderer().setSeriesPaint(0, new java.awt.Color(0x3b6fb6));
        ChartViewer inputViewer = new ChartViewer(input);
        inputViewer.setId("inputLengthChart");
        ChartViewer outputViewer = new ChartViewer(output);
        outputViewer.setId("outputLengthChart");
        ChartViewer rateViewer = new ChartViewer(rate);
        rateViewer.setId("arrivalRateChart");
        heatMap.setId("bucketHeatMap");
        heatMap.setHgap(2);
        heatMap.setVgap(2);
        Label heatTitle = new Label("Allocator buckets (input x output tokens)");
        heatTitle.setTooltip(new Tooltip("Share of requests per input x output length bucket: the 2D histogram the fleet allocator plans with"));
        heatTitle.setStyle("-fx-font-weight: bold;");
        VBox heat = new VBox(6, heatTitle, heatMap);
        heat.setPadding(new Insets(8));
        GridPane charts = new GridPane();
        charts.setHgap(6);
        charts.setVgap(6);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            charts.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            charts.getRowConstraints().add(r);
        }
        charts.add(inputViewer, 0, 0);
        charts.add(outputViewer, 1, 0);
        charts.add(rateViewer, 0, 1);
        charts.add(heat, 1, 1);
        return charts;
    }

    private void showPreview(WorkloadPreview p) {
        inputLengths.clear();
        outputLengths.clear();
        for (int i = 0; i < p.lengthBinEdges().length; i++) {
            inputLengths.addValue(p.inputCounts()[i], "requests", p.binLabel(i));
            outputLengths.addValue(p.outputCounts()[i], "requests", p.binLabel(i));
        }
        XYSeries series = new XYSeries("rate");
        for (int b = 0; b < p.ratePerS().length; b++) {
            series.add((b + 0.5) * p.rateBinS(), p.ratePerS()[b]);
        }
        arrivals.removeAllSeries();
        arrivals.addSeries(series);
        showHeatMap(p);
    }

    private void showHeatMap(WorkloadPreview p) {
        heatMap.getChildren().clear();
        int[] in = WorkloadPreview.INPUT_BUCKET_EDGES;
        int[] out = WorkloadPreview.OUTPUT_BUCKET_EDGES;
        double max = 0;
        for (double[] row : p.bucketShares()) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        heatMap.add(small("in \\ out"), 0, 0);
        for (int j = 0; j < out.length - 1; j++) {
            heatMap.add(small(range(out, j)), j + 1, 0);
        }
        for (int i = 0; i < in.length - 1; i++) {
            heatMap.add(small(range(in, i)), 0, i + 1);
            for (int j = 0; j < out.length - 1; j++) {
                double share = p.bucketShares()[i][j];
                Label cell = new Label(share == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", share * 100));
                cell.setId("bucket-" + i + "-" + j);
                cell.setMinSize(64, 30);
                cell.setAlignment(Pos.CENTER);
                double t = max == 0 ? 0 : Math.sqrt(share / max);
                Color c = Color.web("#f7fbff").interpolate(Color.web("#08306b"), t);
                cell.setStyle("-fx-background-color: " + web(c) + ";");
                cell.setTextFill(t > 0.55 ? Color.WHITE : Color.BLACK);
                cell.setTooltip(new Tooltip("input " + range(in, i) + ", output " + range(out, j) + ": "
                        + String.format(Locale.ROOT, "%.2f%%", share * 100) + " of requests"));
                heatMap.add(cell, j + 1, i + 1);
                GridPane.setHalignment(cell, HPos.CENTER);
            }
        }
    }

    private static Label small(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-size: 11px;");
        return l;
    }

    private static String range(int[] edges, int i) {
        return i == edges.length - 2 ? edges[i] + "+" : edges[i] + "-" + (edges[i + 1] - 1);
    }

    private static String web(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255),
                (int) (c.getBlue() * 255));
    }
}
