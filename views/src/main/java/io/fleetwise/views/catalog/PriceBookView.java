package io.fleetwise.views.catalog;

import io.fleetwise.views.common.TableFit;

import io.fleetwise.planner.pricing.OfferQuality;
import io.fleetwise.planner.pricing.PriceKind;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.util.Locale;
import java.util.function.Function;

/** The Catalog area's "Price book" tab. Binds to {@link PriceBookViewModel}. */
public final class PriceBookView extends BorderPane {

    private final PriceBookViewModel viewModel;

    public PriceBookView(PriceBookViewModel viewModel) {
        this.viewModel = viewModel;
        setId("priceBookView");
        setPadding(new Insets(6));

        Button importButton = new Button("Choose…");
        importButton.setId("priceImportButton");
        importButton.disableProperty().bind(viewModel.busyProperty());
        importButton.setOnAction(e -> {
            File f = chooser("Import a price book").showOpenDialog(getScene().getWindow());
            if (f != null) {
                viewModel.importCsv(f.toPath());
            }
        });
        Button exportButton = new Button("Export…");
        exportButton.setId("priceExportButton");
        exportButton.setOnAction(e -> {
            File f = chooser("Export the price book").showSaveDialog(getScene().getWindow());
            if (f != null) {
                viewModel.exportCsv(f.toPath());
            }
        });
        Button shipped = new Button("Restore shipped");
        shipped.setTooltip(new javafx.scene.control.Tooltip("Put the offers shipped with Fleetwise back (your own offers stay)"));
        shipped.setId("priceRestoreShipped");
        shipped.disableProperty().bind(viewModel.busyProperty());
        shipped.setOnAction(e -> viewModel.restoreShipped());
        TableView<PriceBookViewModel.OfferRow> offers = new TableView<>(viewModel.offers());
        offers.setId("priceOffers");
        offers.getColumns().add(col("GPU", 110, r -> r.offer().gpuType()));
        offers.getColumns().add(col("Provider", 110, r -> r.offer().provider()));
        offers.getColumns().add(col("Region", 70, r -> r.offer().region()));
        offers.getColumns().add(col("Instance", 110, r -> r.offer().instance()));
        offers.getColumns().add(col("Kind", 95, r -> r.offer().kind().label()));
        offers.getColumns().add(col("$/GPU-h", 70, r -> PriceBookViewModel.num(r.offer().pricePerGpuHour())
                + (r.offer().currency().equals("USD") ? "" : " " + r.offer().currency())));
        offers.getColumns().add(col("As of", 85, r -> r.offer().asOf().toString()));
        offers.getColumns().add(col("Quality", 80, r -> r.offer().quality().key()));
        offers.getColumns().add(col("From", 70, PriceBookViewModel.OfferRow::origin));
        offers.getColumns().add(TableFit.longText(col("Source", 320, r -> r.offer().source()), 420));
        TableFit.install(offers);
        Button remove = new Button("Remove offer");
        remove.setId("priceRemoveOffer");
        remove.setOnAction(e -> viewModel.removeOffer(offers.getSelectionModel().getSelectedItem()));
        Button strike = new Button("Not for this study");
        strike.setId("priceExcludeFromStudy");
        strike.setTooltip(new javafx.scene.control.Tooltip("Strike the selected offer out of the open study's prices; "
                + "the book keeps it for other studies"));
        strike.setVisible(viewModel.hasStudy());
        strike.setManaged(viewModel.hasStudy());
        strike.setOnAction(e -> viewModel.excludeFromStudy(offers.getSelectionModel().getSelectedItem()));

        TableView<PriceBookViewModel.DefaultRow> defaults = new TableView<>(viewModel.defaults());
        defaults.setId("priceDefaults");
        defaults.getColumns().add(col("GPU", 110, PriceBookViewModel.DefaultRow::gpu));
        defaults.getColumns().add(col("Kind", 95, PriceBookViewModel.DefaultRow::kind));
        defaults.getColumns().add(col("$/GPU-h", 70, PriceBookViewModel.DefaultRow::price));
        defaults.getColumns().add(col("expected", 70, PriceBookViewModel.DefaultRow::expected));
        defaults.getColumns().add(TableFit.longText(col("How it is picked", 600, PriceBookViewModel.DefaultRow::rule), 900));
        TableFit.install(defaults);

        javafx.scene.control.TextField importPath = new javafx.scene.control.TextField();
        importPath.setId("priceImportPath");
        importPath.setPromptText("price book CSV to import");
        importPath.setPrefWidth(220);
        Button importTyped = new Button("Import");
        importTyped.setId("priceImportPathButton");
        importTyped.disableProperty().bind(viewModel.busyProperty());
        importTyped.setOnAction(e -> {
            if (!importPath.getText().isBlank()) {
                viewModel.importCsv(java.nio.file.Path.of(importPath.getText().trim()));
            }
        });
        FlowPane toolbar = new FlowPane(8, 6, importPath, importTyped, importButton, exportButton, shipped, remove, strike);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        for (Button b : new Button[] {importTyped, importButton, exportButton, shipped, remove, strike}) {
            b.setMinWidth(Button.USE_PREF_SIZE);
        }
        VBox offersBox = new VBox(6, toolbar, offers, addOfferForm());
        VBox defaultsBox = new VBox(6, new Label("The price each GPU type is costed at, per kind:"), defaults);
        SplitPane split = new SplitPane(offersBox, defaultsBox);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.55);

        Label message = new Label();
        message.setId("priceMessage");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        message.styleProperty().bind(viewModel.messageIsErrorProperty()
                .map(isError -> isError ? "-fx-text-fill: -color-danger-fg;" : "-fx-text-fill: -color-success-fg;"));
        Label book = new Label();
        book.setId("priceBookText");
        book.setWrapText(true);
        book.textProperty().bind(viewModel.bookTextProperty());
        setTop(new VBox(4, book, message));
        setCenter(split);
        setRight(sidePanel());
    }

    private FlowPane addOfferForm() {
        ComboBox<String> gpu = new ComboBox<>(viewModel.gpuNames());
        gpu.setId("offerGpu");
        gpu.setEditable(true);
        gpu.setPromptText("GPU type");
        gpu.valueProperty().bindBidirectional(viewModel.offerGpuProperty());
        ComboBox<PriceKind> kind = new ComboBox<>();
        kind.setId("offerKind");
        kind.getItems().setAll(PriceKind.ON_DEMAND, PriceKind.SPOT, PriceKind.RESERVED_1Y, PriceKind.RESERVED_3Y);
        kind.setConverter(converter(PriceKind::label));
        kind.valueProperty().bindBidirectional(viewModel.offerKindProperty());
        ComboBox<OfferQuality> quality = new ComboBox<>();
        quality.setId("offerQuality");
        quality.getItems().setAll(OfferQuality.values());
        quality.setConverter(converter(OfferQuality::key));
        quality.valueProperty().bindBidirectional(viewModel.offerQualityProperty());
        Button add = new Button("Add offer");
        add.setId("offerAdd");
        add.setOnAction(e -> viewModel.addOffer());
        FlowPane form = new FlowPane(6, 6, new Label("New offer:"), gpu,
                field("offerProvider", "provider", 110, viewModel.offerProviderProperty()),
                field("offerRegion", "region", 80, viewModel.offerRegionProperty()), kind,
                field("offerPrice", "$/GPU-h", 85, viewModel.offerPriceProperty()),
                field("offerCurrency", "USD", 60, viewModel.offerCurrencyProperty()), quality,
                field("offerInterruptions", "spot interruptions/h", 165, viewModel.offerInterruptionsProperty()),
                field("offerSource", "source", 160, viewModel.offerSourceProperty()), add);
        form.setAlignment(Pos.CENTER_LEFT);
        return form;
    }

    private VBox sidePanel() {
        Button saveRules = new Button("Save rules");
        saveRules.setId("priceSaveRules");
        saveRules.setOnAction(e -> viewModel.saveRules());
        VBox rules = new VBox(4,
                labelled("Date window (months)", field("priceWindow", "12", 60, viewModel.windowMonthsProperty())),
                labelled("1-year discount (%)", field("priceReserved1y", "37", 60, viewModel.reserved1yPercentProperty())),
                labelled("3-year discount (%)", field("priceReserved3y", "55", 60, viewModel.reserved3yPercentProperty())),
                labelled("Spot interruptions/h", field("priceSpotRate", "0.02", 60, viewModel.spotInterruptionsProperty())),
                labelled("Spot fallback (h)", field("priceSpotFallback", "1", 60, viewModel.spotFallbackHoursProperty())),
                saveRules);
        TitledPane rulesPane = new TitledPane("Rules", rules);
        rulesPane.setId("priceRulesPane");

        ComboBox<String> gpu = new ComboBox<>(viewModel.gpuNames());
        gpu.setId("ownedGpu");
        gpu.valueProperty().bindBidirectional(viewModel.ownedGpuProperty());
        ListView<String> entries = new ListView<>(viewModel.owned());
        entries.setId("ownedEntries");
        entries.setPrefHeight(80);
        Button addOwned = new Button("Add owned hardware");
        addOwned.setId("ownedAdd");
        addOwned.setOnAction(e -> viewModel.addOwned());
        Button removeOwned = new Button("Remove");
        removeOwned.setId("ownedRemove");
        removeOwned.setOnAction(e -> viewModel.removeOwned(entries.getSelectionModel().getSelectedItem()));
        VBox owned = new VBox(4,
                labelled("Name", field("ownedName", "lab rack", 130, viewModel.ownedNameProperty())),
                labelled("GPU type", gpu),
                labelled("GPUs per node", field("ownedGpusPerNode", "8", 60, viewModel.ownedGpusPerNodeProperty())),
                labelled("Purchase per node ($)", field("ownedPurchase", "300000", 90, viewModel.ownedPurchaseProperty())),
                labelled("Amortization (years)", field("ownedYears", "4", 60, viewModel.ownedYearsProperty())),
                labelled("Hosting per node-month ($)", field("ownedHosting", "0", 70, viewModel.ownedHostingProperty())),
                labelled("Electricity ($/kWh)", field("ownedKwh", "0.10", 60, viewModel.ownedUsdPerKwhProperty())),
                labelled("PUE", field("ownedPue", "1.3", 60, viewModel.ownedPueProperty())),
                labelled("Server W besides GPUs", field("ownedHostWatts", "0", 60, viewModel.ownedHostWattsProperty())),
                labelled("GPU utilization (0-1)", field("ownedUtilization", "1.0", 60, viewModel.ownedUtilizationProperty())),
                new FlowPane(6, 6, addOwned, removeOwned), entries);
        addOwned.setMinWidth(Button.USE_PREF_SIZE);
        removeOwned.setMinWidth(Button.USE_PREF_SIZE);
        TitledPane ownedPane = new TitledPane("Owned hardware", owned);
        ownedPane.setId("ownedPane");
        VBox side = new VBox(6, rulesPane, ownedPane);
        if (viewModel.hasStudy()) {
            side.getChildren().add(0, studyPane());
        }
        side.setPrefWidth(300);
        side.setPadding(new Insets(0, 0, 0, 6));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(side);
        scroll.setFitToWidth(true);
        return new VBox(scroll);
    }

    /** The open study's choice of offers: providers, unverified offers, struck-out offers (with the offers table). */
    private TitledPane studyPane() {
        Label choice = new Label();
        choice.setId("studyChoiceText");
        choice.setWrapText(true);
        choice.setMaxWidth(280);
        choice.textProperty().bind(viewModel.studyChoiceTextProperty());
        javafx.scene.control.CheckBox unverified = new javafx.scene.control.CheckBox("Unverified offers count");
        unverified.setId("studyUnverified");
        unverified.setMinWidth(javafx.scene.control.CheckBox.USE_PREF_SIZE);
        unverified.selectedProperty().bindBidirectional(viewModel.studyUnverifiedProperty());
        Button save = new Button("Save to study");
        save.setId("studySaveChoice");
        save.setMinWidth(Button.USE_PREF_SIZE);
        save.setOnAction(e -> viewModel.saveStudyChoice());
        Button takeBack = new Button("Take struck-out back");
        takeBack.setId("studyIncludeAll");
        takeBack.setMinWidth(Button.USE_PREF_SIZE);
        takeBack.setOnAction(e -> viewModel.includeAllInStudy());
        VBox box = new VBox(4, choice, labelled("Providers, comma-separated (empty = all)",
                field("studyProviders", "every provider", 200, viewModel.studyProvidersProperty())), unverified,
                new FlowPane(6, 6, save, takeBack));
        TitledPane pane = new TitledPane("This study's offers", box);
        pane.setId("studyChoicePane");
        return pane;
    }

    /** The label above its field: the side panel stays narrow enough to leave the tables their width at 1280 px. */
    private static VBox labelled(String text, javafx.scene.Node control) {
        Label label = new Label(text);
        label.setMinWidth(Label.USE_PREF_SIZE);
        return new VBox(2, label, control);
    }

    private static TextField field(String id, String prompt, double width, StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefWidth(width);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static <T> TableColumn<T, String> col(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    private static <T> StringConverter<T> converter(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : label.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    private static FileChooser chooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Price book CSV", "*.csv"));
        return chooser;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
