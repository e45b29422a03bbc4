package io.fleetwise.views.catalog;

import io.fleetwise.views.common.TableFit;

import io.fleetwise.planner.catalog.UserGpuType;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Function;

/** The Catalog area's "Your GPU types" tab: the types you added and a form to add or change one. */
public final class GpuTypesView extends BorderPane {

    public GpuTypesView(GpuTypesViewModel viewModel) {
        setId("gpuTypesView");
        setPadding(new Insets(6));
        TableView<UserGpuType> table = new TableView<>(viewModel.types());
        table.setId("userGpuTable");
        table.getColumns().add(col("Name", 120, UserGpuType::name));
        table.getColumns().add(col("Memory (bytes reported)", 150, t -> Long.toString(t.memoryBytes())));
        table.getColumns().add(col("GiB", 60, t -> String.format(Locale.ROOT, "%.2f", t.reportedMemoryGib())));
        table.getColumns().add(col("GB/s", 60, t -> PriceBookViewModel.num(t.memBandwidthGBps())));
        table.getColumns().add(col("BF16 TF", 60, t -> PriceBookViewModel.num(t.bf16Tflops())));
        table.getColumns().add(col("FP8 TF", 60, t -> PriceBookViewModel.num(t.fp8Tflops())));
        table.getColumns().add(col("TDP W", 60, t -> PriceBookViewModel.num(t.tdpW())));
        table.getColumns().add(col("Curves from", 160, UserGpuType::efficiencyFrom));
        TableFit.install(table);
        javafx.scene.control.Label empty = new javafx.scene.control.Label(
                "No GPU types of your own yet: start from a catalog type on the right and change what differs.");
        empty.setWrapText(true);
        empty.setPadding(new Insets(12));
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> viewModel.edit(t));
        Button delete = new Button("Delete selected");
        delete.setId("userGpuDelete");
        delete.setOnAction(e -> viewModel.delete(table.getSelectionModel().getSelectedItem()));

        ComboBox<String> like = new ComboBox<>(viewModel.baseNames());
        like.setId("userGpuLike");
        like.setPromptText("Start from…");
        like.setOnAction(e -> {
            if (like.getValue() != null) {
                viewModel.startLike(like.getValue());
            }
        });
        ComboBox<String> curves = new ComboBox<>(viewModel.efficiencyChoices());
        curves.setId("userGpuEfficiency");
        curves.setEditable(true);
        curves.valueProperty().bindBidirectional(viewModel.efficiencyFromProperty());
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(5);
        int r = 0;
        form.addRow(r++, new Label("Name"), field("userGpuName", viewModel.nameProperty()));
        form.addRow(r++, new Label("Vendor"), field("userGpuVendor", viewModel.vendorProperty()));
        form.addRow(r++, hint("Memory (bytes reported)", "Memory as the device reports it (nvidia-smi, cudaMemGetInfo total), e.g. 85899345920; serving engines size the KV cache from it"), field("userGpuMemory", viewModel.memoryBytesProperty()));
        form.addRow(r++, new Label("Memory bandwidth (GB/s)"), field("userGpuBandwidth", viewModel.bandwidthGbpsProperty()));
        form.addRow(r++, new Label("BF16 dense TFLOPS"), field("userGpuBf16", viewModel.bf16TflopsProperty()));
        form.addRow(r++, new Label("FP16 dense TFLOPS"), field("userGpuFp16", viewModel.fp16TflopsProperty()));
        form.addRow(r++, new Label("FP8 dense TFLOPS"), field("userGpuFp8", viewModel.fp8TflopsProperty()));
        form.addRow(r++, new Label("INT8 dense TOPS"), field("userGpuInt8", viewModel.int8TopsProperty()));
        form.addRow(r++, new Label("GPU link"), field("userGpuInterconnect", viewModel.interconnectProperty()));
        form.addRow(r++, hint("Link (GB/s, both ways)", "GPU-to-GPU link bandwidth inside a node, bidirectional; 0 when GPUs talk over PCIe only"), field("userGpuLink", viewModel.linkGbpsProperty()));
        form.addRow(r++, hint("PCIe (GB/s, both ways)", "Host PCIe bandwidth per GPU, bidirectional"), field("userGpuPcie", viewModel.pcieGbpsProperty()));
        form.addRow(r++, new Label("TDP (W)"), field("userGpuTdp", viewModel.tdpWProperty()));
        form.addRow(r++, hint("Efficiency curves from", "A type without measurements borrows the kernel efficiency curves of a catalog type (its newest calibration when it has one) or of one stored calibration"), curves);
        form.addRow(r++, hint("Source of the figures", "Datasheet, measurement or quote the figures come from"), field("userGpuSource", viewModel.specSourceProperty()));
        Button save = new Button("Save GPU type");
        save.setId("userGpuSave");
        save.disableProperty().bind(viewModel.canSaveProperty().not());
        save.setOnAction(e -> viewModel.save());
        Label validation = new Label();
        validation.setId("userGpuValidation");
        validation.setWrapText(true);
        validation.setStyle("-fx-text-fill: -color-danger-fg;");
        validation.textProperty().bind(viewModel.validationProperty());
        validation.managedProperty().bind(validation.textProperty().isNotEmpty());
        Label message = new Label();
        message.setId("userGpuMessage");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.styleProperty().bind(viewModel.messageIsErrorProperty()
                .map(isError -> isError ? "-fx-text-fill: -color-danger-fg;" : "-fx-text-fill: -color-success-fg;"));
        HBox actions = new HBox(8, new Label("Start from"), like, save);
        actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox right = new VBox(8, actions, validation, message, form);
        right.setPadding(new Insets(0, 0, 0, 10));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(right);
        scroll.setFitToWidth(true);
        scroll.setPrefWidth(470);
        setCenter(new VBox(6, table, delete));
        setRight(scroll);
    }

    private static Label hint(String text, String tooltip) {
        Label label = new Label(text);
        label.setTooltip(new javafx.scene.control.Tooltip(tooltip));
        return label;
    }

    private static TextField field(String id, StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefWidth(200);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static TableColumn<UserGpuType, String> col(String title, double width, Function<UserGpuType, String> value) {
        TableColumn<UserGpuType, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }
}
