package io.fleetwise.views.common;

import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * Inputs that take what the user types: a spinner commits a typed whole number on Enter or when it loses focus, a
 * slider has a number field beside it, and a value out of range or not a number is refused visibly (the field turns
 * red, says why in its tooltip and in the area's problem line) instead of being dropped. Disabled controls say why
 * next to them, since a disabled control shows no tooltip.
 */
public final class Inputs {

    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    private Inputs() {
    }

    /**
     * An editable spinner of whole numbers from {@code min} to {@code max}, bound to {@code value}. A refused entry
     * stays in the field, marked, and {@code problem} says what was wrong and which value is still used; a good
     * entry clears both.
     */
    public static Spinner<Integer> integerSpinner(String id, String name, int min, int max, ObjectProperty<Integer> value,
                                                  StringProperty problem) {
        Spinner<Integer> spinner = new Spinner<>();
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get()));
        spinner.getValueFactory().valueProperty().bindBidirectional(value);
        TextField editor = spinner.getEditor();
        Runnable commit = () -> commitInteger(spinner, name, min, max, problem);
        editor.setOnAction(e -> commit.run());
        editor.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                commit.run();
            }
        });
        // arrows and the value from elsewhere show the committed number and clear a refusal
        spinner.valueProperty().addListener((o, old, now) -> {
            editor.setText(String.valueOf(now));
            clear(editor, problem);
        });
        return spinner;
    }

    private static void commitInteger(Spinner<Integer> spinner, String name, int min, int max, StringProperty problem) {
        TextField editor = spinner.getEditor();
        String typed = editor.getText() == null ? "" : editor.getText().trim();
        Integer parsed;
        try {
            parsed = Integer.valueOf(typed);
        } catch (NumberFormatException e) {
            parsed = null;
        }
        if (parsed == null || parsed < min || parsed > max) {
            refuse(editor, problem, String.format(Locale.ROOT, "%s: '%s' is not a whole number from %d to %d; still %d.",
                    name, typed, min, max, spinner.getValue()));
            return;
        }
        if (!parsed.equals(spinner.getValue())) {
            spinner.getValueFactory().setValue(parsed);
        }
        editor.setText(String.valueOf(parsed));
        clear(editor, problem);
    }

    /**
     * A title, a number field and a slider over the same value; the slider's arrow keys step by {@code step}. A typed
     * number is committed on Enter or when the field loses focus; outside {@code min..max} or not a number it is
     * refused as for spinners.
     */
    public static VBox sliderWithField(String id, String title, String unit, double min, double max, double step,
                                       DoubleProperty value, int decimals, StringProperty problem) {
        Slider slider = new Slider(min, max, value.get());
        slider.setId(id);
        slider.setBlockIncrement(step);
        slider.valueProperty().bindBidirectional(value);
        String format = "%." + decimals + "f";
        TextField field = new TextField(String.format(Locale.ROOT, format, value.get()));
        field.setId(id + "Field");
        field.setPrefColumnCount(6);
        field.setAlignment(Pos.CENTER_RIGHT);
        field.setTooltip(new Tooltip(String.format(Locale.ROOT, "%s, %s (" + format + " to " + format + ")", title,
                unit, min, max)));
        value.addListener((o, old, now) -> {
            if (!field.isFocused()) {
                field.setText(String.format(Locale.ROOT, format, now.doubleValue()));
            }
            clear(field, problem);
        });
        Runnable commit = () -> {
            String typed = field.getText() == null ? "" : field.getText().trim();
            double parsed;
            try {
                parsed = Double.parseDouble(typed);
            } catch (NumberFormatException e) {
                parsed = Double.NaN;
            }
            if (!Double.isFinite(parsed) || parsed < min || parsed > max) {
                refuse(field, problem, String.format(Locale.ROOT, "%s: '%s' is not a number from " + format + " to "
                        + format + " %s; still " + format + ".", title, typed, min, max, unit, value.get()));
                return;
            }
            value.set(parsed);
            field.setText(String.format(Locale.ROOT, format, parsed));
            clear(field, problem);
        };
        field.setOnAction(e -> commit.run());
        field.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                commit.run();
            }
        });
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                field.setText(String.format(Locale.ROOT, format, value.get()));
                clear(field, problem);
            }
        });
        Label label = new Label(title);
        Label units = new Label(unit);
        HBox.setHgrow(label, Priority.ALWAYS);
        label.setMaxWidth(Double.MAX_VALUE);
        HBox top = new HBox(6, label, field, units);
        top.setAlignment(Pos.CENTER_LEFT);
        return new VBox(2, top, slider);
    }

    /**
     * A small muted line under a control saying why it is disabled; it shows only while the control is disabled
     * and there is a reason. Returns the line, to be placed next to the control.
     */
    public static Label disabledReason(String id, Node control, ObservableValue<String> reason) {
        Label why = new Label();
        why.setId(id);
        why.setWrapText(true);
        why.setStyle(AreaControls.NOTE_STYLE);
        why.textProperty().bind(Bindings.createStringBinding(() -> control.isDisabled() && reason.getValue() != null
                ? reason.getValue() : "", control.disabledProperty(), reason));
        why.visibleProperty().bind(why.textProperty().isNotEmpty());
        why.managedProperty().bind(why.visibleProperty());
        return why;
    }

    /** {@link #disabledReason(String, Node, ObservableValue)} with a reason that does not change. */
    public static Label disabledReason(String id, Node control, String reason) {
        return disabledReason(id, control, new javafx.beans.property.ReadOnlyStringWrapper(reason));
    }

    /** The area's line for refused entries: red, and taking no room while there is nothing to say. */
    public static Label problemLine(String id, ObservableValue<String> problem) {
        Label line = new Label();
        line.setId(id);
        line.setWrapText(true);
        line.setStyle(AreaControls.ERROR_STYLE);
        line.textProperty().bind(problem);
        line.visibleProperty().bind(line.textProperty().isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private static final String OWN_TOOLTIP = "fleetwise.ownTooltip";
    private static final String REFUSAL = "fleetwise.refusal";

    private static void refuse(TextField field, StringProperty problem, String message) {
        Control tipHolder = tipHolder(field);
        if (!field.getProperties().containsKey(REFUSAL)) {
            field.getProperties().put(OWN_TOOLTIP, tipHolder.getTooltip() == null ? "" : tipHolder.getTooltip());
        }
        field.getProperties().put(REFUSAL, message);
        field.pseudoClassStateChanged(DANGER, true);
        tipHolder.setTooltip(new Tooltip(message));
        problem.set(message);
    }

    /** Ends a refusal: the field's own tooltip is back, and the problem line forgets this field's message only. */
    private static void clear(TextField field, StringProperty problem) {
        Object message = field.getProperties().remove(REFUSAL);
        if (message == null) {
            return;
        }
        field.pseudoClassStateChanged(DANGER, false);
        Object own = field.getProperties().remove(OWN_TOOLTIP);
        tipHolder(field).setTooltip(own instanceof Tooltip t ? t : null);
        if (message.equals(problem.get())) {
            problem.set("");
        }
    }

    /** A spinner's editor shows the spinner's tooltip (bound to it), so a spinner's refusal goes there. */
    private static Control tipHolder(TextField field) {
        return field.tooltipProperty().isBound() && field.getParent() instanceof Spinner<?> spinner ? spinner : field;
    }
}
