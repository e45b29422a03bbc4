package io.fleetwise.views.workbench;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.fleetwise.views.common.ThemePalette;

import java.util.Arrays;
import java.util.Locale;

/** The workbench's look: an AtlantaFX user-agent stylesheet plus the shell's own contrast fixes. */
public enum Theme {
    LIGHT("Light", new PrimerLight().getUserAgentStylesheet(), ThemePalette.LIGHT),
    DARK("Dark", new PrimerDark().getUserAgentStylesheet(), ThemePalette.DARK);

    private final String title;
    private final String userAgentStylesheet;
    private final ThemePalette palette;

    Theme(String title, String userAgentStylesheet, ThemePalette palette) {
        this.title = title;
        this.userAgentStylesheet = userAgentStylesheet;
        this.palette = palette;
    }

    /** The colours of drawn content (charts, canvases, tiles) that go with this stylesheet. */
    public ThemePalette palette() {
        return palette;
    }

    public String title() {
        return title;
    }

    /** For {@code Application.setUserAgentStylesheet}; a classpath resource of atlantafx-base. */
    public String userAgentStylesheet() {
        return userAgentStylesheet;
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** Reads a stored name; anything unknown (an edited or older preference) falls back to light. */
    public static Theme parse(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name == null ? "" : name.toUpperCase(Locale.ROOT)))
                .findFirst().orElse(LIGHT);
    }

    /**
     * Scene stylesheet mapping Modena's looked-up colours (which ControlsFX and TilesFX controls use)
     * onto AtlantaFX's palette, so their text stays readable in both themes.
     */
    public static String shellStylesheet() {
        return Theme.class.getResource("workbench.css").toExternalForm();
    }
}
