package io.fleetwise.views.common;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** What an area shows until the capability that fills it is built: a plain statement, no sample content. */
public final class NotAvailableView {

    private NotAvailableView() {
    }

    public static String message(String area, String capability) {
        return area + " arrives with " + capability + "; not available yet.";
    }

    public static Node create(String area, String capability) {
        Label label = new Label(message(area, capability));
        label.setId("notAvailable");
        label.setWrapText(true);
        label.setStyle("-fx-font-size: 14px; -fx-text-fill: -color-fg-muted;");
        StackPane pane = new StackPane(label);
        pane.setAlignment(Pos.CENTER);
        return pane;
    }
}
