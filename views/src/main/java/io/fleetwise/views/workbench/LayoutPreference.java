package io.fleetwise.views.workbench;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;

/**
 * Keeps the workbench's layout in a preferences node (the window settings' node): the open area, whether the
 * running-tasks panel is shown, and the divider positions of each area's split panes. Read once at start, written
 * on change. Anything unreadable (an edited or older preference, an area that no longer exists) is ignored.
 */
public final class LayoutPreference {

    static final String AREA_KEY = "area";
    static final String TASKS_PANEL_KEY = "tasksPanel";
    static final String DIVIDERS_PREFIX = "dividers.";

    private final Preferences node;

    LayoutPreference(Preferences node) {
        this.node = node;
    }

    /** Restores the open area and the panel's visibility from the node, then writes every later change back. */
    void persist(ObjectProperty<WorkbenchArea> selectedArea, ObservableList<WorkbenchArea> areas,
                 BooleanProperty tasksPanelShown) {
        String title = node.get(AREA_KEY, null);
        areas.stream().filter(a -> a.title().equals(title)).findFirst().ifPresent(selectedArea::set);
        tasksPanelShown.set(node.getBoolean(TASKS_PANEL_KEY, false));
        selectedArea.addListener((obs, old, area) -> {
            if (area != null) {
                node.put(AREA_KEY, area.title());
                flush();
            }
        });
        tasksPanelShown.addListener((obs, old, shown) -> {
            node.putBoolean(TASKS_PANEL_KEY, shown);
            flush();
        });
    }

    /** Divider positions saved under {@code key} (area title and split-pane index), if any and well-formed. */
    Optional<double[]> dividers(String key) {
        String text = node.get(DIVIDERS_PREFIX + key, null);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            double[] positions = Arrays.stream(text.split(",")).mapToDouble(Double::parseDouble).toArray();
            return Arrays.stream(positions).allMatch(p -> p >= 0 && p <= 1) ? Optional.of(positions) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void rememberDividers(String key, double[] positions) {
        node.put(DIVIDERS_PREFIX + key, Arrays.stream(positions)
                .mapToObj(p -> String.format(Locale.ROOT, "%.4f", p)).collect(Collectors.joining(",")));
    }

    /** Writes pending changes; divider drags only {@link #rememberDividers} (cheap) and are flushed here at close. */
    void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // the layout still applies now; it is only not remembered for the next start
        }
    }
}
