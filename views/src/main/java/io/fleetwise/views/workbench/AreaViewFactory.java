package io.fleetwise.views.workbench;

import javafx.scene.Node;

/** Builds an area's content the first time the user opens it (on the FX thread). */
@FunctionalInterface
public interface AreaViewFactory {
    Node create();
}
