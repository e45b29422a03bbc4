package io.fleetwise.views.common;

import javafx.css.PseudoClass;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.decoration.ValidationDecoration;

/**
 * ControlsFX validation shown the AtlantaFX way: an invalid control gets the {@code danger} state (a red border in
 * both themes) and the message as its tooltip. ControlsFX's own graphic decorations wrap the scene root in a
 * DecorationPane, which broke the workbench's styling after the first invalid value; this decoration leaves the
 * scene graph alone.
 */
public final class StateValidationDecoration implements ValidationDecoration {

    public static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");
    public static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final String TOOLTIP_KEY = "fleetwise.validationTooltip";

    @Override
    public void removeDecorations(Control target) {
        target.pseudoClassStateChanged(DANGER, false);
        target.pseudoClassStateChanged(WARNING, false);
        if (target.getProperties().remove(TOOLTIP_KEY) instanceof Tooltip ours && target.getTooltip() == ours) {
            target.setTooltip(null);
        }
    }

    @Override
    public void applyValidationDecoration(ValidationMessage message) {
        Control target = message.getTarget();
        if (message.getSeverity() == Severity.OK || message.getSeverity() == Severity.INFO) {
            return;
        }
        target.pseudoClassStateChanged(message.getSeverity() == Severity.ERROR ? DANGER : WARNING, true);
        Tooltip tip = new Tooltip(message.getText());
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        target.setTooltip(tip);
        target.getProperties().put(TOOLTIP_KEY, tip);
    }

    @Override
    public void applyRequiredDecoration(Control target) {
        // no field of the workbench is marked required; an empty one gets a message naming it instead
    }
}
