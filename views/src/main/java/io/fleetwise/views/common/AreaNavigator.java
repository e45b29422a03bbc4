package io.fleetwise.views.common;

/**
 * Switches the workbench to another area by its title; how one area hands work to another without knowing the shell.
 * The app implements it with {@code WorkbenchViewModel.open}.
 */
@FunctionalInterface
public interface AreaNavigator {

    void open(String areaTitle);

    /** For a view model used outside the workbench (tests, a single area): navigation is not possible there. */
    AreaNavigator NONE = title -> {
    };
}
