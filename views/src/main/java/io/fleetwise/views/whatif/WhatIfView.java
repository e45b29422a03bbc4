package io.fleetwise.views.whatif;

import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfVariant;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.Locale;
import java.util.function.Function;

/** The What-if area: variants on the left, the comparison table in the middle. */
public final class WhatIfView extends BorderPane {

    public WhatIfView(WhatIfViewModel viewModel) {
        setId("whatIfView");
        ListView<WhatIfVariant> variants = new ListView<>(viewModel.variants());
        variants.setId("variantList");
        variants.setPrefWidth(260);
        variants.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(WhatIfVariant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name());
            }
        });
        TextField traffic = field("trafficField", viewModel.trafficPercentTextProperty(), "Traffic change, % (50 = +50%)");
        TextField tpot = field("tpotField", viewModel.tpotMsTextProperty(), "TPOT target, ms (empty = the study's)");
        ComboBox<String> gpu = new ComboBox<>();
        gpu.setId("priceGpuChoice");
        gpu.setPromptText("GPU type");
        gpu.setOnShowing(e -> gpu.getItems().setAll(viewModel.gpuTypes()));
        gpu.valueProperty().bindBidirectional(viewModel.priceGpuProperty());
        TextField price = field("priceField", viewModel.pricePercentTextProperty(), "Price change, % (-30 = 30% cheaper)");
        Button add = new Button("Add variant");
        add.setId("addVariantButton");
        add.setOnAction(e -> viewModel.addVariant());
        Button remove = new Button("Remove");
        remove.setOnAction(e -> viewModel.removeVariant(variants.getSelectionModel().getSelectedItem()));
        Button reset = new Button("Defaults");
        reset.setOnAction(e -> viewModel.resetVariants());
        Button run = new Button("Run what-if");
        run.setId("runWhatIfButton");
        run.setDefaultButton(true);
        run.disableProperty().bind(viewModel.runningProperty());
        run.setOnAction(e -> viewModel.run());
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(viewModel.runningProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        VBox left = new VBox(6, new Label("Variants (the first is the base)"), variants,
                new Label("Traffic change (%)"), traffic, new Label("TPOT (ms)"), tpot,
                new Label("GPU price change (%)"), new HBox(6, gpu, price), new HBox(6, add, remove, reset),
                new HBox(6, run, cancel));
        VBox.setVgrow(variants, Priority.ALWAYS);
        left.setPadding(new Insets(0, 8, 0, 0));
        setLeft(left);

        TableView<WhatIfRow> table = new TableView<>(viewModel.rows());
        table.setId("whatIfTable");
        table.setPlaceholder(new Label("Run the what-if to compare the variants"));
        table.getColumns().add(column("Variant", "variantColumn", WhatIfRow::variant, 170));
        table.getColumns().add(column("Rate (req/s)", "rateColumn", r -> fmt("%.2f", r.ratePerS()), 105));
        table.getColumns().add(column("TPOT (ms)", "tpotColumn", r -> fmt("%.0f", r.tpotMs()), 90));
        table.getColumns().add(column("$/hour", "costColumn", r -> fmt("%.2f", r.costPerHourUsd()), 80));
        table.getColumns().add(column("Δ vs base", "deltaColumn",
                r -> Double.isNaN(r.deltaCostPercent()) ? "" : fmt("%+.1f%%", r.deltaCostPercent()), 80));
        table.getColumns().add(column("GPUs", "gpusColumn", r -> r.gpus() == 0 ? "" : String.valueOf(r.gpus()), 60));
        table.getColumns().add(column("Saving vs 1 type", "savingColumn", r -> fmt("%.1f%%", r.savingPercent()), 140));
        table.getColumns().add(column("Mix", "mixColumn", r -> r.message().isEmpty() ? r.mix() : r.message(), 330));
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(WhatIfRow row, boolean empty) {
                super.updateItem(row, empty);
                String text = empty || row == null ? "" : String.join("\n", row.message(), row.note()).trim();
                setTooltip(text.isEmpty() ? null : new Tooltip(text));
            }
        });
        Label message = new Label();
        message.setId("whatIfMessage");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        message.textFillProperty().bind(viewModel.messageIsErrorProperty().map(e -> e ? Color.web("#b00020") : Color.web("#333")));
        Label explain = new Label("Each variant re-plans the fleet with the study's cluster GPU types (and explicit caps), workload "
                + "buckets and SLO (throughputs simulated per replica and bucket; a new TPOT target runs new capacity "
                + "searches, traffic and price changes only re-solve).");
        explain.setWrapText(true);
        VBox center = new VBox(6, table, message, explain);
        VBox.setVgrow(table, Priority.ALWAYS);
        center.setAlignment(Pos.TOP_LEFT);
        setCenter(center);
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
}
