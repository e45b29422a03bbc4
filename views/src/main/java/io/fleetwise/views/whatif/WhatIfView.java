package io.fleetwise.views.whatif;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Function;

/** The What-if area: variants table with deltas against the base, and a sweep line chart. */
public final class WhatIfView extends VBox {

    public WhatIfView(WhatIfViewModel model) {
        super(8);
        setId("whatif-view");
        setPadding(new Insets(12));

        Button compare = new Button("Compare variants");
        compare.setId("whatif-compare");
        compare.setTooltip(new Tooltip("Base, +50 % traffic, TPOT 30 % tighter and the first GPU type 30 % cheaper, "
                + "each re-planned by the fleet allocator"));
        compare.disableProperty().bind(model.runningProperty());
        compare.setOnAction(e -> model.compareVariants());

        TableView<WhatIfViewModel.Row> table = new TableView<>(model.rows());
        table.setId("whatif-table");
        table.getColumns().add(column("Variant", WhatIfViewModel.Row::variant));
        table.getColumns().add(column("$/h", r -> r.headline().hasPlan()
                ? String.format(Locale.ROOT, "%.2f", r.headline().costPerHourUsd()) : "no plan"));
        table.getColumns().add(column("Δ cost", r -> Double.isNaN(r.costDeltaPercent()) ? ""
                : String.format(Locale.ROOT, "%+.1f %%", r.costDeltaPercent())));
        table.getColumns().add(column("GPUs", r -> Integer.toString(r.headline().gpus())));
        table.getColumns().add(column("Δ GPUs", r -> String.format(Locale.ROOT, "%+d", r.gpuDelta())));
        table.getColumns().add(column("Saving vs best single type", r -> Double.isNaN(r.headline().savingPercent()) ? ""
                : String.format(Locale.ROOT, "%.1f %%", r.headline().savingPercent())));
        table.getColumns().add(column("Rate (req/s)", r -> String.format(Locale.ROOT, "%.2f",
                r.headline().ratePerSecond())));
        table.getColumns().add(column("TPOT target (ms)", r -> String.format(Locale.ROOT, "%.0f",
                r.headline().tpotMs())));
        table.setPrefHeight(180);

        ComboBox<WhatIfViewModel.SweepParameter> parameter = new ComboBox<>();
        parameter.getItems().setAll(WhatIfViewModel.SweepParameter.values());
        parameter.valueProperty().bindBidirectional(model.sweepParameterProperty());
        Button sweep = new Button("Sweep");
        sweep.setId("whatif-sweep");
        sweep.disableProperty().bind(model.runningProperty());
        sweep.setOnAction(e -> model.runSweep(8));

        NumberAxis x = new NumberAxis();
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("$ / hour");
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("whatif-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        VBox.setVgrow(chart, Priority.ALWAYS);
        model.sweep().addListener((ListChangeListener<WhatIfViewModel.SweepPoint>) c -> {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            for (WhatIfViewModel.SweepPoint p : model.sweep()) {
                if (!Double.isNaN(p.costPerHourUsd())) {
                    series.getData().add(new XYChart.Data<>(p.x(), p.costPerHourUsd()));
                }
            }
            x.setLabel(model.sweepParameterProperty().get().axisLabel());
            chart.getData().setAll(java.util.List.of(series));
        });

        Label status = new Label();
        status.setId("whatif-status");
        status.textProperty().bind(model.statusProperty());

        getChildren().addAll(new HBox(8, compare, status), table,
                new HBox(8, new Label("Sweep"), parameter, sweep), chart);
    }

    private static TableColumn<WhatIfViewModel.Row, String> column(String title,
                                                                   Function<WhatIfViewModel.Row, String> value) {
        TableColumn<WhatIfViewModel.Row, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }
}
