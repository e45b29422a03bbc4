package io.fleetwise.views.workbench;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.util.Optional;

/** Keyboard shortcuts of the shell: Ctrl+1 .. Ctrl+9 (Cmd on macOS) open the areas in navigation order. */
public final class WorkbenchShortcuts {

    private static final KeyCode[] DIGITS = {
            KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
            KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    private WorkbenchShortcuts() {
    }

    /** The shortcut of the area at {@code index} (0-based); areas past the ninth have none. */
    public static Optional<KeyCombination> areaShortcut(int index) {
        if (index < 0 || index >= DIGITS.length) {
            return Optional.empty();
        }
        return Optional.of(new KeyCodeCombination(DIGITS[index], KeyCombination.SHORTCUT_DOWN));
    }
}
