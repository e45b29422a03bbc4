package io.fleetwise.views.cluster;

import io.fleetwise.planner.model.NodeGroup;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.views.common.MetricTiles;
import io.fleetwise.views.common.StateValidationDecoration;
import io.fleetwise.views.common.ThemePalette;
import javafx.beans.value.ObservableValue;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.property.editor.PropertyEditor;

import java.io.File;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Cluster area: GPU palette (drag a type onto the drawing to add a node group), the drawing, a property sheet
 * for the selected group, summary tiles, and cluster-file open/save. Binds to {@link ClusterViewModel} only.
 */
public final class ClusterView extends BorderPane implements io.fleetwise.views.common.Refreshable {

    /** Data format of a palette drag: the GPU type's name. */
    public static final String DRAG_PREFIX = "fleetwise-gpu:";

    private final ClusterViewModel viewModel;
    private final Map<GroupField, TextField> editors = new EnumMap<>(GroupField.class);
    /** ControlsFX validation (red state and the message as tooltip) on fields whose typed text the view model refused. */
    private final ValidationSupport validation = new ValidationSupport();

    public ClusterView(ClusterViewModel viewModel) {
        this.viewModel = viewModel;
        validation.setValidationDecorator(new StateValidationDecoration());
        setId("clusterView");
        setTop(buildTiles());
        setLeft(buildPalette());
        setCenter(buildCanvas());
        setRight(buildSheet());
        setBottom(buildMessage());
        // prices change in the Catalog area; coming back here shows them in the palette and the cost tile
        sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                viewModel.reloadPalette();
            }
        });
    }

    private Node buildTiles() {
        Tile gpus = tile("gpuTile", "GPUs", "", 0);
        Tile cost = tile("costTile", "Cost", "$/h", 2);
        Tile tflops = tile("tflopsTile", "BF16 dense", "TFLOPS", 0);
        Tile memory = tile("memoryTile", "GPU memory", "GB", 0);
        Tile power = tile("powerTile", "Power (TDP)", "kW", 1);
        viewModel.summaryProperty().addListener((o, old, s) -> {
            gpus.setValue(s.gpus());
            cost.setValue(s.costPerHourUsd());
            cost.setDescription(s.unpricedGpus() > 0 ? s.unpricedGpus() + " GPUs have no price" : "on-demand");
            tflops.setValue(s.bf16Tflops());
            memory.setValue(s.memoryGb());
            power.setValue(s.powerKw());
        });
        ClusterSummary s = viewModel.summaryProperty().get();
        gpus.setValue(s.gpus());
        cost.setValue(s.costPerHourUsd());
        tflops.setValue(s.bf16Tflops());
        memory.setValue(s.memoryGb());
        power.setValue(s.powerKw());
        HBox tiles = new HBox(8, gpus, cost, tflops, memory, power);
        tiles.setPadding(new Insets(0, 0, 8, 0));
        return tiles;
    }

    private static Tile tile(String id, String title, String unit, int decimals) {
        Tile tile = TileBuilder.create().skinType(Tile.SkinType.NUMBER).title(title).unit(unit).decimals(decimals)
                .minValue(0).maxValue(Double.MAX_VALUE).prefSize(180, MetricTiles.TILE_HEIGHT).textSize(Tile.TextSize.BIGGER)
                .animated(false).build();
        tile.setId(id);
        tile.setMinWidth(MetricTiles.MIN_TILE_WIDTH);
        MetricTiles.applyPalette(tile, ThemePalette.current());
        return tile;
    }

    private Node buildPalette() {
        ListView<GpuType> palette = new ListView<>(viewModel.palette());
        palette.setId("gpuPalette");
        palette.setPrefWidth(210);
        palette.setCellFactory(v -> new ListCell<>() {
            {
                setOnDragDetected(e -> {
                    if (getItem() != null) {
                        Dragboard db = startDragAndDrop(TransferMode.COPY);
                        ClipboardContent content = new ClipboardContent();
                        content.putString(DRAG_PREFIX + getItem().name());
                        db.setContent(content);
                        e.consume();
                    }
                });
            }

            @Override
            protected void updateItem(GpuType gpu, boolean empty) {
                super.updateItem(gpu, empty);
                if (empty || gpu == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                double price = gpu.price().onDemandUsdPerHour();
                setText(gpu.name() + "\n" + String.format(Locale.ROOT, "%.0f GB · %s", gpu.memoryGb(),
                        Double.isNaN(price) ? "no price" : String.format(Locale.ROOT, "$%.2f/h", price)));
                setTooltip(new Tooltip("Drag onto the drawing to add a node group of " + gpu.name()
                        + "\nPrice source: " + gpu.price()));
            }
        });
        Label title = new Label("GPU types (drag onto the drawing)");
        title.setWrapText(true);
        VBox box = new VBox(4, title, palette);
        VBox.setVgrow(palette, Priority.ALWAYS);
        box.setPadding(new Insets(0, 8, 0, 0));
        return box;
    }

    private Node buildCanvas() {
        ClusterCanvas canvas = new ClusterCanvas(viewModel.groups(), name -> viewModel.selectedNameProperty().set(name));
        canvas.setId("clusterCanvas");
        canvas.setSelected(viewModel.selectedNameProperty().get());
        viewModel.selectedNameProperty().addListener((o, a, name) -> canvas.setSelected(name));
        canvas.setOnDragOver(e -> {
            if (e.getDragboard().hasString() && e.getDragboard().getString().startsWith(DRAG_PREFIX)) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        canvas.setOnDragEntered(e -> {
            if (e.getDragboard().hasString() && e.getDragboard().getString().startsWith(DRAG_PREFIX)) {
                canvas.setStyle("-fx-background-color: " + ThemePalette.css(canvas.palette().raised())
                        + "; -fx-border-color: #2e9d4f; -fx-border-width: 2;");
            }
        });
        canvas.setOnDragExited(e -> canvas.setStyle(canvas.idleStyle()));
        canvas.setOnDragDropped(e -> {
            boolean done = false;
            if (e.getDragboard().hasString() && e.getDragboard().getString().startsWith(DRAG_PREFIX)) {
                done = viewModel.addGroup(e.getDragboard().getString().substring(DRAG_PREFIX.length()));
            }
            e.setDropCompleted(done);
            e.consume();
        });
        ScrollPane scroll = new ScrollPane(canvas);
        scroll.setId("clusterScroll");
        scroll.setFitToHeight(true);
        // the drawing fills the area while its racks fit, and scrolls (at its narrowest racks) once they do not
        Runnable fit = () -> scroll.setFitToWidth(scroll.getViewportBounds().getWidth() >= canvas.minWidth(-1));
        scroll.viewportBoundsProperty().addListener((o, a, b) -> fit.run());
        viewModel.groups().addListener((javafx.collections.ListChangeListener<NodeGroup>) c -> fit.run());
        fit.run();
        return scroll;
    }

    private Node buildSheet() {
        PropertySheet sheet = new PropertySheet();
        sheet.setId("groupSheet");
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setPrefWidth(350);
        for (GroupField field : GroupField.values()) {
            sheet.getItems().add(new FieldItem(field));
        }
        sheet.setPropertyEditorFactory(item -> editorFor(((FieldItem) item).field));
        sheet.disableProperty().bind(viewModel.selectedProperty().isNull());

        Label errors = new Label();
        errors.setId("groupErrors");
        errors.setWrapText(true);
        errors.setStyle("-fx-text-fill: -color-danger-fg;");
        viewModel.fieldErrors().addListener((MapChangeListener<GroupField, String>) c -> {
            errors.setText(viewModel.fieldErrors().values().stream().collect(Collectors.joining("\n")));
            validation.revalidate();
        });

        Button remove = new Button("Remove group");
        remove.setId("removeGroupButton");
        remove.disableProperty().bind(viewModel.selectedProperty().isNull());
        remove.setOnAction(e -> viewModel.removeSelected());
        Button open = new Button("Open cluster file…");
        open.setId("openClusterButton");
        open.setOnAction(e -> {
            File f = chooser("Open cluster file").showOpenDialog(getScene().getWindow());
            if (f != null) {
                viewModel.openClusterFile(f.toPath());
            }
        });
        Button save = new Button("Save cluster file…");
        save.setId("saveClusterButton");
        save.setOnAction(e -> {
            FileChooser chooser = chooser("Save cluster file");
            chooser.setInitialFileName("cluster.json");
            File f = chooser.showSaveDialog(getScene().getWindow());
            if (f != null) {
                viewModel.saveClusterFile(f.toPath());
            }
        });
        Label heading = new Label();
        heading.setStyle("-fx-font-weight: bold;");
        heading.textProperty().bind(viewModel.selectedProperty().map(g -> "Node group: " + g.name())
                .orElse("No node group selected"));
        HBox files = new HBox(6, open, save);
        VBox box = new VBox(6, heading, sheet, errors, remove, files);
        box.setPadding(new Insets(0, 0, 0, 8));
        VBox.setVgrow(sheet, Priority.ALWAYS);
        return box;
    }

    private static FileChooser chooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Cluster JSON (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        return chooser;
    }

    private PropertyEditor<?> editorFor(GroupField field) {
        if (field == GroupField.INTRA_LINK) {
            ComboBox<LinkKind> combo = new ComboBox<>();
            combo.getItems().setAll(LinkKind.values());
            combo.setId("field-" + field.name());
            combo.valueProperty().bindBidirectional(viewModel.intraLinkProperty());
            return simpleEditor(combo);
        }
        TextField text = new TextField();
        text.setId("field-" + field.name());
        text.textProperty().bindBidirectional(viewModel.fieldTextProperty(field));
        text.setOnAction(e -> viewModel.commit(field));
        text.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                viewModel.commit(field);
            }
        });
        editors.put(field, text);
        validation.registerValidator(text, false, (Control c, String typed) -> ValidationResult.fromErrorIf(c,
                viewModel.fieldErrors().getOrDefault(field, ""), viewModel.fieldErrors().containsKey(field)));
        return simpleEditor(text);
    }

    /** The field's ControlsFX validation state, for tests: the decoration's message, or empty. */
    Optional<String> validationMessage(GroupField field) {
        TextField editor = editors.get(field);
        return editor == null ? Optional.empty() : validation.getHighestMessage(editor).map(m -> m.getText());
    }

    private static PropertyEditor<Object> simpleEditor(Node node) {
        return new PropertyEditor<>() {
            @Override
            public Node getEditor() {
                return node;
            }

            @Override
            public Object getValue() {
                return null;
            }

            @Override
            public void setValue(Object value) {
                // the editor is bound to the view model; the sheet's value channel is not used
            }
        };
    }

    private Node buildMessage() {
        Label message = new Label();
        message.setId("clusterMessage");
        message.textProperty().bind(viewModel.messageProperty());
        message.styleProperty().bind(viewModel.messageIsErrorProperty()
                .map(e -> e ? "-fx-text-fill: -color-danger-fg;" : "-fx-text-fill: -color-fg-default;"));
        message.setPadding(new Insets(6, 0, 0, 0));
        return message;
    }

    /** A property-sheet row for one field; values travel through the bound editor, not through the item. */
    private final class FieldItem implements PropertySheet.Item {
        private final GroupField field;

        FieldItem(GroupField field) {
            this.field = field;
        }

        @Override
        public Class<?> getType() {
            return field == GroupField.INTRA_LINK ? LinkKind.class : String.class;
        }

        @Override
        public String getCategory() {
            return "Node group";
        }

        @Override
        public String getName() {
            return field.label();
        }

        @Override
        public String getDescription() {
            return field.help();
        }

        @Override
        public Object getValue() {
            return field == GroupField.INTRA_LINK ? viewModel.intraLinkProperty().get() : viewModel.fieldTextProperty(field).get();
        }

        @Override
        public void setValue(Object value) {
            // edits go through the bound editor and ClusterViewModel.commit
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }
    }

    /** Prices set and GPU types changed from the command line. */
    @Override
    public void refreshFromStore() {
        viewModel.reloadPalette();
    }
}
