package io.fleetwise.views.common;

import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableDoubleValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

/**
 * The controls every run-something area builds the same way: the input form's scroll pane, the live validation
 * line, grey notes, the Run / Cancel / progress / status strip and the two-by-two chart grid. Each is bound to a
 * view-model property, so the areas look and behave alike.
 */
public final class AreaControls {

    public static final String ERROR_STYLE = "-fx-text-fill: -color-danger-fg;";
    /** Theme colours (AtlantaFX's looked-up colours), so a status line stays readable in the dark theme. */
    public static final String NORMAL_STYLE = "-fx-text-fill: -color-fg-default;";
    public static final String NOTE_STYLE = "-fx-text-fill: -color-fg-muted; -fx-font-size: 11px;";

    private AreaControls() {
    }

    /** A form in a vertical scroll pane of a fixed width, as the left side of an area. */
    public static ScrollPane formScroll(Node form, double width) {
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(width);
        scroll.setMinWidth(width);
        return scroll;
    }

    /** A label in a form row and its control, which takes the rest of the row's width. */
    public static void addRow(GridPane grid, int row, String label, Control control) {
        control.setMaxWidth(Double.MAX_VALUE);
        grid.add(new Label(label), 0, row);
        grid.add(control, 1, row);
    }

    /** The red line that says what is wrong with the inputs; it takes no space while the message is empty. */
    public static Label validationLabel(String id, double maxWidth, ObservableValue<String> message) {
        Label validation = wrapping(id, maxWidth);
        validation.setStyle(ERROR_STYLE);
        validation.textProperty().bind(message);
        validation.visibleProperty().bind(validation.textProperty().isNotEmpty());
        validation.managedProperty().bind(validation.visibleProperty());
        return validation;
    }

    /**
     * The banner over a result whose inputs changed since it was computed: shown (bold, in the theme's warning
     * colour) only while {@code note} is non-empty, so a stale figure is never read as a current one.
     */
    public static Label staleBanner(String id, ObservableValue<String> note) {
        Label banner = wrapping(id, 0);
        banner.setStyle(STALE_STYLE);
        banner.textProperty().bind(note);
        banner.visibleProperty().bind(banner.textProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    public static final String STALE_STYLE = "-fx-text-fill: -color-warning-fg; -fx-font-weight: bold;";

    /** Small grey explanatory text; {@code maxWidth} 0 leaves the width to the layout. */
    public static Label noteLabel(String id, double maxWidth, ObservableValue<String> text) {
        Label note = wrapping(id, maxWidth);
        note.setStyle(NOTE_STYLE);
        note.textProperty().bind(text);
        return note;
    }

    /** The default button that starts the area's work, enabled while {@code enabled} holds. */
    public static Button startButton(String text, String id, ObservableBooleanValue enabled, Runnable action) {
        Button start = new Button(text);
        start.setMinWidth(Button.USE_PREF_SIZE);
        start.setId(id);
        start.setDefaultButton(true);
        start.disableProperty().bind(javafx.beans.binding.Bindings.not(enabled));
        start.setOnAction(e -> action.run());
        return start;
    }

    /**
     * Start, Cancel (enabled while running) and a progress bar, with the status line that turns red on errors under
     * them at the full width, wrapped (beside the buttons a long status was cut to "..." at 1280 px).
     */
    public static VBox runStrip(Button start, String idPrefix, ObservableBooleanValue running,
                                ObservableDoubleValue progress, ObservableValue<String> status,
                                ObservableValue<Boolean> statusIsError, Runnable cancel) {
        Button cancelButton = new Button("Cancel");
        cancelButton.setMinWidth(Button.USE_PREF_SIZE);
        cancelButton.setId(idPrefix + "Cancel");
        cancelButton.disableProperty().bind(javafx.beans.binding.Bindings.not(running));
        cancelButton.setOnAction(e -> cancel.run());
        ProgressBar bar = new ProgressBar();
        bar.setId(idPrefix + "Progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(progress);
        Label statusLabel = new Label();
        statusLabel.setId(idPrefix + "Status");
        statusLabel.setWrapText(true);
        statusLabel.setMinHeight(Region.USE_PREF_SIZE);
        statusLabel.textProperty().bind(status);
        statusLabel.styleProperty().bind(statusIsError.map(isError -> isError ? ERROR_STYLE : NORMAL_STYLE));
        HBox buttons = new HBox(8, start, cancelButton, bar);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        buttons.setId(idPrefix + "Buttons");
        VBox strip = new VBox(4, buttons, statusLabel);
        return strip;
    }

    /**
     * A toolbar that wraps onto a second line instead of shrinking its buttons and labels to "...": every labelled
     * child keeps its preferred width.
     */
    public static FlowPane toolbar(Node... children) {
        FlowPane bar = new FlowPane(8, 6, children);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        for (Node child : children) {
            keepWidth(child);
        }
        bar.getChildren().addListener((javafx.collections.ListChangeListener<Node>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(AreaControls::keepWidth);
            }
        });
        return bar;
    }

    private static void keepWidth(Node node) {
        if (node instanceof javafx.scene.control.Labeled labeled) {
            labeled.setMinWidth(Region.USE_PREF_SIZE);
        } else if (node instanceof javafx.scene.Parent parent) {
            parent.getChildrenUnmodifiable().forEach(AreaControls::keepWidth);
        }
    }

    /** Two columns and two rows of equal size that grow with the area; charts go in with {@code add}. */
    public static GridPane chartGrid() {
        GridPane charts = new GridPane();
        charts.setHgap(6);
        charts.setVgap(6);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        charts.getColumnConstraints().addAll(half, half);
        RowConstraints row = new RowConstraints();
        row.setPercentHeight(50);
        row.setVgrow(Priority.ALWAYS);
        charts.getRowConstraints().addAll(row, row);
        VBox.setVgrow(charts, Priority.ALWAYS);
        return charts;
    }

    /** The results side of an area: the run strip, tiles, and the rest, with the same gap and padding. */
    public static VBox resultsColumn(Node... children) {
        VBox results = new VBox(8, children);
        results.setPadding(new Insets(0, 0, 0, 8));
        return results;
    }

    private static Label wrapping(String id, double maxWidth) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        // a column short of room shrinks its charts, never a message to one cut line
        label.setMinHeight(Region.USE_PREF_SIZE);
        if (maxWidth > 0) {
            label.setMaxWidth(maxWidth);
        }
        return label;
    }
}
