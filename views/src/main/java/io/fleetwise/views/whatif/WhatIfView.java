package io.fleetwise.views.whatif;

import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSweep;
import io.fleetwise.planner.study.WhatIfSweepPoint;
import io.fleetwise.planner.study.WhatIfVariant;
import io.fleetwise.reports.WhatIfCharts;
import io.fleetwise.views.common.AreaControls;
import io.fleetwise.views.common.TableFit;
import io.fleetwise.views.common.Charts;
import io.fleetwise.views.common.Inputs;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.jfree.chart.fx.ChartViewer;

import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;

/**
 * The What-if area: variants and their form on the left; on the right the run strip and two tabs: Compare (the table
 * of headline results with deltas against the base, next to a cost bar chart) and Sweep (one parameter over N points,
 * a cost/GPUs line chart and its table, CSV export).
 */
public final class WhatIfView extends BorderPane {

    private final WhatIfViewModel viewModel;
    private final ChartViewer costChart = new ChartViewer(null);
    private final ChartViewer sweepChart = new ChartViewer(null);

    public WhatIfView(WhatIfViewModel viewModel) {
        this.viewModel = viewModel;
        setId("whatIfView");
        setLeft(buildForm());
        setCenter(buildResults());
        viewModel.rows().addListener((ListChangeListener<WhatIfRow>) c -> costChart.setChart(
                Charts.styled(WhatIfCharts.costPerVariant(viewModel.rows()))));
        viewModel.sweepResultProperty().addListener((o, a, result) -> sweepChart.setChart(Charts.styled(WhatIfCharts.sweep(result))));
        costChart.setChart(Charts.styled(WhatIfCharts.costPerVariant(viewModel.rows())));
        sweepChart.setChart(Charts.styled(WhatIfCharts.sweep(viewModel.sweepResultProperty().get())));
    }

    private javafx.scene.Node buildForm() {
        ListView<WhatIfVariant> variants = new ListView<>(viewModel.variants());
        variants.setId("variantList");
        variants.setPrefHeight(170);
        variants.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(WhatIfVariant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name());
            }
        });
        // only a user's pick fills the form: a selection that moves because the list changed must not overwrite typing
        variants.setOnMouseClicked(e -> viewModel.fillForm(variants.getSelectionModel().getSelectedItem()));
        variants.setOnKeyReleased(e -> {
            if (e.getCode().isNavigationKey()) {
                viewModel.fillForm(variants.getSelectionModel().getSelectedItem());
            }
        });
        TextField traffic = field("trafficField", viewModel.trafficPercentTextProperty(),
                "Traffic change, % (50 = +50 %; more than -100)");
        TextField tpot = field("tpotField", viewModel.tpotMsTextProperty(),
                "TPOT target, ms (empty = the study's); a new target builds a new throughput table");
        ComboBox<String> gpu = new ComboBox<>();
        gpu.setId("priceGpuChoice");
        gpu.setPromptText("GPU type");
        gpu.setPrefWidth(140);
        gpu.getItems().setAll(viewModel.gpuTypes());
        gpu.setOnShowing(e -> gpu.getItems().setAll(viewModel.gpuTypes()));
        gpu.valueProperty().bindBidirectional(viewModel.priceGpuProperty());
        TextField price = field("priceField", viewModel.pricePercentTextProperty(),
                "Price change of the chosen GPU type, % (-30 = 30 % cheaper)");
        Button add = new Button("Add variant");
        add.setId("addVariantButton");
        add.setOnAction(e -> viewModel.addVariant());
        Button update = new Button("Update selected");
        update.setId("updateVariantButton");
        update.setTooltip(new Tooltip("Replace the selected variant with the form's changes"));
        update.setOnAction(e -> viewModel.updateVariant(variants.getSelectionModel().getSelectedItem()));
        Button remove = new Button("Remove");
        remove.setId("removeVariantButton");
        remove.setOnAction(e -> viewModel.removeVariant(variants.getSelectionModel().getSelectedItem()));
        Button reset = new Button("Defaults");
        reset.setOnAction(e -> viewModel.resetVariants());

        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.addRow(0, new Label("Traffic change (%)"), traffic);
        grid.addRow(1, new Label("TPOT (ms)"), tpot);
        grid.addRow(2, new Label("GPU price"), gpu);
        grid.addRow(3, new Label("Price change (%)"), price);

        Label message = AreaControls.validationLabel("whatIfMessage", 290, viewModel.messageProperty());
        message.styleProperty().bind(viewModel.messageIsErrorProperty().map(e -> e
                ? AreaControls.ERROR_STYLE : AreaControls.NORMAL_STYLE));

        TextField requests = field("requestsPerSearchField", viewModel.requestsPerSearchTextProperty(),
                "Requests per capacity-search simulation: fewer build the throughput table faster and coarser");
        requests.setOnAction(e -> viewModel.applySettings());
        requests.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                viewModel.applySettings();
            }
        });
        Label requestsNote = new Label("The throughput table is simulated once per study, SLO and setting; traffic "
                + "and price edits then re-plan in milliseconds.");
        requestsNote.setWrapText(true);
        requestsNote.setMaxWidth(290);
        requestsNote.setStyle(AreaControls.NOTE_STYLE);

        javafx.scene.control.CheckBox band = new javafx.scene.control.CheckBox("Model's error band (base variant)");
        band.setId("whatIfBand");
        band.setTooltip(new javafx.scene.control.Tooltip("Also plan the base variant with capacities at both ends of the "
                + "performance model's validated error (docs/validation.md): does the mix change, how far does the cost "
                + "move. Two more throughput tables the first time."));
        band.selectedProperty().bindBidirectional(viewModel.bandProperty());

        VBox box = new VBox(6, new Label("Variants (the first is the base)"), variants, grid,
                new HBox(6, add, update), new HBox(6, remove, reset), message, new Separator(),
                new Label("Requests per capacity search"), requests, requestsNote, band);
        box.setPadding(new Insets(0, 8, 0, 0));
        return AreaControls.formScroll(box, 300);
    }

    private javafx.scene.Node buildResults() {
        Button run = AreaControls.startButton("Run what-if", "runWhatIfButton", viewModel.runningProperty().not(),
                viewModel::run);
        // Enter in a form field must not start table builds; it commits the field (requests) or does nothing
        run.setDefaultButton(false);
        VBox strip = AreaControls.runStrip(run, "whatIf", viewModel.runningProperty(),
                viewModel.progressProperty(), viewModel.statusProperty(), viewModel.statusIsErrorProperty(),
                viewModel::cancel);
        Tab compare = new Tab("Compare", buildCompare());
        compare.setId("whatIfCompareTab");
        Tab sweep = new Tab("Sweep", buildSweep());
        sweep.setId("whatIfSweepTab");
        TabPane tabs = new TabPane(compare, sweep);
        tabs.setId("whatIfTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        return AreaControls.resultsColumn(strip, AreaControls.staleBanner("whatIfStale", viewModel.staleNoteProperty()), tabs);
    }

    private javafx.scene.Node buildCompare() {
        TableView<WhatIfRow> table = new TableView<>(viewModel.rows());
        table.setId("whatIfTable");
        table.setPlaceholder(new Label("Run the what-if to compare the variants"));
        table.getColumns().add(column("Variant", "variantColumn", WhatIfRow::variant, 150));
        table.getColumns().add(column("req/s", "rateColumn", r -> fmt("%.2f", r.ratePerS()), 55));
        table.getColumns().add(column("TPOT ms", "tpotColumn", r -> fmt("%.0f", r.tpotMs()), 80));
        table.getColumns().add(column("$/h", "costColumn", r -> fmt("%.2f", r.costPerHourUsd()), 68));
        TableColumn<WhatIfRow, String> delta = column("Δ vs base", "deltaColumn", WhatIfView::deltaText, 98);
        delta.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                // cheaper is good news: green; dearer red
                setStyle(empty || text == null || text.isEmpty() || text.equals("base") ? ""
                        : text.startsWith("-") ? "-fx-text-fill: -color-success-fg;" : text.startsWith("+0.0") ? ""
                        : "-fx-text-fill: -color-danger-fg;");
            }
        });
        table.getColumns().add(delta);
        table.getColumns().add(column("GPUs", "gpusColumn", r -> r.gpus() == 0 ? "" : String.valueOf(r.gpus()), 58));
        table.getColumns().add(column("Saving", "savingColumn", r -> fmt("%.1f%%", r.savingPercent()), 72));
        table.getColumns().add(TableFit.longText(column("Mix", "mixColumn",
                r -> r.message().isEmpty() ? r.mix() : r.message(), 300), 420));
        TableFit.install(table);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(WhatIfRow row, boolean empty) {
                super.updateItem(row, empty);
                String text = empty || row == null ? "" : String.join("\n", row.message(), row.note()).trim();
                setTooltip(text.isEmpty() ? null : new Tooltip(text));
            }
        });
        Charts.sized(costChart);
        costChart.setId("whatIfCostChart");
        // table above the chart, both full width: side by side at 1280 px the Mix column was scrolled out of
        // sight and the chart's bar labels were cut
        SplitPane split = new SplitPane(table, costChart);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        Label explain = new Label("Each variant re-plans the fleet with the study's cluster GPU types (and explicit "
                + "caps), workload buckets and SLO: the cheapest GPU mix meeting the SLO, from a throughput table "
                + "simulated per replica and bucket. Δ is the cost change against the first (base) variant; Saving is the mix's against the best single GPU type.");
        explain.setWrapText(true);
        explain.setMinHeight(Label.USE_PREF_SIZE);
        explain.setStyle(AreaControls.NOTE_STYLE);
        VBox.setVgrow(split, Priority.ALWAYS);
        Label bandText = new Label();
        bandText.setId("whatIfBandText");
        bandText.setWrapText(true);
        bandText.setMinHeight(Label.USE_PREF_SIZE);
        bandText.textProperty().bind(viewModel.bandTextProperty());
        bandText.managedProperty().bind(bandText.textProperty().isNotEmpty());
        bandText.visibleProperty().bind(bandText.managedProperty());
        VBox box = new VBox(6, split, bandText, explain);
        box.setPadding(new Insets(6, 0, 0, 0));
        return box;
    }

    static String deltaText(WhatIfRow r) {
        return Double.isNaN(r.deltaCostPercent()) ? "" : String.format(Locale.ROOT, "%+.1f %%", r.deltaCostPercent());
    }

    private javafx.scene.Node buildSweep() {
        ComboBox<WhatIfSweep.Parameter> parameter = new ComboBox<>();
        parameter.setId("sweepParameter");
        parameter.getItems().setAll(WhatIfSweep.Parameter.values());
        parameter.setConverter(new StringConverter<>() {
            @Override
            public String toString(WhatIfSweep.Parameter p) {
                return p == null ? "" : p.label() + " (" + p.unit() + ")";
            }

            @Override
            public WhatIfSweep.Parameter fromString(String text) {
                return WhatIfSweep.Parameter.parse(text);
            }
        });
        parameter.valueProperty().bindBidirectional(viewModel.sweepParameterProperty());
        ComboBox<String> gpu = new ComboBox<>();
        gpu.setId("sweepGpu");
        gpu.setPromptText("GPU type");
        gpu.getItems().setAll(viewModel.gpuTypes());
        gpu.setOnShowing(e -> gpu.getItems().setAll(viewModel.gpuTypes()));
        gpu.valueProperty().bindBidirectional(viewModel.sweepGpuProperty());
        gpu.disableProperty().bind(viewModel.sweepParameterProperty().isNotEqualTo(WhatIfSweep.Parameter.GPU_PRICE_FACTOR));
        TextField from = field("sweepFrom", viewModel.sweepFromTextProperty(), "First value of the parameter");
        TextField to = field("sweepTo", viewModel.sweepToTextProperty(), "Last value of the parameter");
        TextField points = field("sweepPoints", viewModel.sweepPointsTextProperty(),
                "Number of evenly spaced values (2 to " + WhatIfSweep.MAX_POINTS + "); a TPOT sweep builds a table per point");
        points.setPrefColumnCount(3);
        Button run = new Button("Run sweep");
        run.setId("runSweepButton");
        run.disableProperty().bind(viewModel.runningProperty());
        run.setOnAction(e -> viewModel.runSweep());
        Button export = new Button("Export CSV…");
        export.setId("exportSweepButton");
        export.disableProperty().bind(viewModel.sweepResultProperty().isNull());
        export.setOnAction(e -> exportCsv());
        var controls = AreaControls.toolbar(parameter, gpu, new HBox(4, new Label("from"), from),
                new HBox(4, new Label("to"), to), new HBox(4, new Label("points"), points), run, export);
        Label gpuWhy = Inputs.disabledReason("sweepGpuWhy", gpu,
                "The GPU type is chosen for a GPU price sweep only; the other parameters apply to the whole fleet.");
        Label exportWhy = Inputs.disabledReason("exportSweepWhy", export, "Export CSV: run a sweep first.");

        TableView<WhatIfSweepPoint> table = new TableView<>(viewModel.sweepPoints());
        table.setId("whatIfSweepTable");
        table.setPlaceholder(new Label("No sweep yet"));
        table.getColumns().add(pointColumn("Value", p -> WhatIfCharts.number(p.value()), 60));
        table.getColumns().add(pointColumn("req/s", p -> fmt("%.2f", p.ratePerS()), 60));
        table.getColumns().add(pointColumn("TPOT ms", p -> fmt("%.0f", p.tpotMs()), 80));
        table.getColumns().add(pointColumn("$/h", p -> p.feasible() ? fmt("%.2f", p.costPerHourUsd()) : "no plan", 75));
        table.getColumns().add(pointColumn("GPUs", p -> p.feasible() ? String.valueOf(p.gpus()) : "", 58));
        table.getColumns().add(TableFit.longText(pointColumn("Mix / why no plan",
                p -> p.feasible() ? p.mix() : p.message(), 320), 420));
        TableFit.install(table);
        Charts.sized(sweepChart);
        sweepChart.setId("whatIfSweepChart");
        SplitPane split = new SplitPane(sweepChart, table);
        split.setDividerPositions(0.55);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox box = new VBox(6, controls, gpuWhy, exportWhy, split);
        box.setPadding(new Insets(6, 0, 0, 0));
        return box;
    }

    private void exportCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the sweep table");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        chooser.setInitialFileName("whatif-sweep.csv");
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) {
            return;
        }
        try {
            viewModel.exportSweepCsv(file.toPath());
        } catch (IOException | RuntimeException e) {
            new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                    "Cannot write " + file + ": " + e.getMessage()).showAndWait();
        }
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property, String tip) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(property);
        f.setTooltip(new Tooltip(tip));
        f.setPrefColumnCount(6);
        return f;
    }

    private static String fmt(String pattern, double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, pattern, v);
    }

    private static TableColumn<WhatIfRow, String> column(String title, String id, Function<WhatIfRow, String> value,
                                                         double width) {
        TableColumn<WhatIfRow, String> c = new TableColumn<>(title);
        c.setId(id);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private static TableColumn<WhatIfSweepPoint, String> pointColumn(String title,
                                                                    Function<WhatIfSweepPoint, String> value, double width) {
        TableColumn<WhatIfSweepPoint, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }
}
