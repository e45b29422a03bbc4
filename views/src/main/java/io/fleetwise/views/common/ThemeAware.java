package io.fleetwise.views.common;

/** A node that draws with its own colours (a canvas) and re-colours itself when the workbench's theme changes. */
public interface ThemeAware {

    void applyPalette(ThemePalette palette);
}
