package io.fleetwise.views.workbench;

import javafx.beans.property.ObjectProperty;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** Keeps the chosen {@link Theme} in a preferences node (the window settings' node), read once and written on change. */
public final class ThemePreference {

    static final String KEY = "theme";

    private ThemePreference() {
    }

    /** Sets {@code theme} from what {@code node} holds, then writes every later change back. */
    public static void persist(ObjectProperty<Theme> theme, Preferences node) {
        theme.set(Theme.parse(node.get(KEY, Theme.LIGHT.name())));
        theme.addListener((obs, old, chosen) -> {
            node.put(KEY, chosen.name());
            try {
                node.flush();
            } catch (BackingStoreException e) {
                // the theme still changes now; it is only not remembered for the next start
            }
        });
    }
}
