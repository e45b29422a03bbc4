package io.fleetwise.views.catalog;

import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.views.common.TableFit;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.Locale;
import java.util.function.Function;

/** The Catalog area: filter field, GPU and model tables, message line. Binds to {@link CatalogViewModel}. */
public final class CatalogView extends BorderPane implements io.fleetwise.views.common.Refreshable {

    private final CatalogViewModel viewModel;
    private final TableView<GpuType> gpuTable = new TableView<>();
    private final TableView<ModelSpec> modelTable = new TableView<>();
    private final TabPane tabs;
    /** Sources and repositories stop here; their cells show the rest in a tooltip. */
    private static final double LONG_TEXT_WIDTH = 280;

    public CatalogView(CatalogViewModel viewModel) {
        this.viewModel = viewModel;
        setId("catalogView");

        TextField filter = new TextField();
        filter.setId("catalogFilter");
        filter.setPromptText("Filter, e.g. H100 or HBM3");
        filter.textProperty().bindBidirectional(viewModel.filterTextProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        Button importButton = new Button("Import config.json…");
        importButton.setId("importModelButton");
        importButton.disableProperty().bind(viewModel.importingProperty());
        importButton.setOnAction(e -> chooseAndImportModel(getScene().getWindow()));
        HBox toolbar = new HBox(8, new Label("Filter:"), filter, importButton);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("catalogMessage");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        message.styleProperty().bind(viewModel.messageIsErrorProperty()
                .map(isError -> isError ? "-fx-text-fill: -color-danger-fg;" : "-fx-text-fill: -color-success-fg;"));
        // an empty message line took a blank band of space above the tabs
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());

        buildGpuTable();
        buildModelTable();
        Tab gpuTab = new Tab("GPUs", gpuTable);
        gpuTab.setId("gpuTab");
        Tab modelTab = new Tab("Models", modelTable);
        modelTab.setId("modelTab");
        tabs = new TabPane(gpuTab, modelTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        VBox top = new VBox(6, toolbar, message);
        top.setPadding(new Insets(0, 0, 6, 0));
        setTop(top);
        setCenter(tabs);
    }

    /** Adds a tab beside GPUs and Models (the price book, your GPU types). */
    public CatalogView withTab(String title, String id, javafx.scene.Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        tabs.getTabs().add(tab);
        return this;
    }

    private void buildGpuTable() {
        gpuTable.setId("gpuTable");
        gpuTable.setEditable(true);
        SortedList<GpuType> sorted = new SortedList<>(viewModel.filteredGpus());
        sorted.comparatorProperty().bind(gpuTable.comparatorProperty());
        gpuTable.setItems(sorted);

        TableColumn<GpuType, String> price = new TableColumn<>("USD/h");
        price.setId("priceColumn");
        price.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(CatalogViewModel.formatPrice(c.getValue())));
        price.setCellFactory(col -> new PriceCell());
        price.setComparator(CatalogView::compareNumbers);
        price.setEditable(true);
        price.setOnEditCommit(e -> {
            viewModel.commitPrice(e.getRowValue().name(), e.getNewValue());
            gpuTable.refresh(); // shows the stored price, or the old one when the input was refused
        });

        gpuTable.getColumns().setAll(java.util.List.of(
                text("GPU", GpuType::name, 130),
                text("Vendor", GpuType::vendor, 70),
                text("Architecture", GpuType::architecture, 110),
                number("Memory GB", GpuType::memoryGb),
                number("HBM GB/s", GpuType::memBandwidthGBps),
                number("BF16 TFLOPS", GpuType::bf16Tflops),
                number("FP8 TFLOPS", GpuType::fp8Tflops),
                text("Interconnect", GpuType::interconnect, 90),
                number("TDP W", GpuType::tdpW),
                price,
                text("Price as of", g -> g.price().asOf().toString(), 90),
                TableFit.longText(text("Price source", g -> g.price().source(), 220), LONG_TEXT_WIDTH),
                TableFit.longText(text("Spec source", GpuType::specSource, 220), LONG_TEXT_WIDTH)));
        TableFit.install(gpuTable);
        ContextMenu menu = new ContextMenu();
        MenuItem reset = new MenuItem("Use catalog price");
        reset.setOnAction(e -> {
            GpuType selected = gpuTable.getSelectionModel().getSelectedItem();
            if (selected != null) {
                viewModel.resetPrice(selected.name());
            }
        });
        menu.getItems().add(reset);
        gpuTable.setContextMenu(menu);
    }

    private void buildModelTable() {
        modelTable.setId("modelTable");
        SortedList<ModelSpec> sorted = new SortedList<>(viewModel.filteredModels());
        sorted.comparatorProperty().bind(modelTable.comparatorProperty());
        modelTable.setItems(sorted);
        modelTable.getColumns().setAll(java.util.List.of(
                text("Model", ModelSpec::name, 150),
                TableFit.longText(text("Hugging Face repo", ModelSpec::hfRepo, 200), LONG_TEXT_WIDTH),
                number("Params B", m -> m.totalParams() / 1e9),
                number("Active B", m -> m.activeParams() / 1e9),
                number("Layers", m -> (double) m.numLayers()),
                number("Hidden", m -> (double) m.hiddenSize()),
                number("Heads", m -> (double) m.numAttentionHeads()),
                number("KV heads", m -> (double) m.numKvHeads()),
                number("Experts", m -> (double) m.numExperts()),
                text("Weights", m -> m.nativeWeightDtype().label(), 70),
                number("KV KiB/token", m -> m.kvBytesPerToken(m.nativeWeightDtype()) / 1024.0),
                TableFit.longText(text("Source", ModelSpec::source, 300), LONG_TEXT_WIDTH)));
        TableFit.install(modelTable);
    }

    /** Opens a file chooser and imports the chosen Hugging Face config.json (menu item and button). */
    public void chooseAndImportModel(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a Hugging Face config.json");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("config.json", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(owner);
        if (file != null) {
            tabs.getSelectionModel().select(1);
            viewModel.importModel(file.toPath());
        }
    }

    private static <T> TableColumn<T, String> text(String title, Function<T, String> value, double width) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setEditable(false);
        return column;
    }

    private static <T> TableColumn<T, Double> number(String title, Function<T, Double> value) {
        TableColumn<T, Double> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> (ObservableValue<Double>) new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item == 0 ? "–" : formatNumber(item));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        column.setEditable(false);
        return column;
    }

    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.1f", v);
    }

    private static int compareNumbers(String a, String b) {
        return Double.compare(parseOrMax(a), parseOrMax(b));
    }

    private static double parseOrMax(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE;
        }
    }

    /** Editable price cell; overridden prices are bold so the user sees which figures are theirs. */
    private static final class PriceCell extends TextFieldTableCell<GpuType, String> {
        PriceCell() {
            super(new javafx.util.converter.DefaultStringConverter());
        }

        @Override
        public void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            GpuType gpu = empty || getTableRow() == null ? null : getTableRow().getItem();
            setStyle(gpu != null && CatalogViewModel.isOverridden(gpu) ? "-fx-font-weight: bold;" : "");
            setAlignment(Pos.CENTER_RIGHT);
        }
    }

    /** Prices set and models imported from the command line. */
    @Override
    public void refreshFromStore() {
        viewModel.reload();
    }
}
