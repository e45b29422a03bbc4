package io.fleetwise.views.simulate;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Objects;

/**
 * The latest {@link SimulationRequest} another area sent to Simulate. Shared by the areas of one workbench: the
 * Simulate view model loads the latest one when it is built (the area is built on first open) and every later one.
 * Use on the FX thread.
 */
public final class SimulationRequests {

    private final ReadOnlyObjectWrapper<SimulationRequest> latest = new ReadOnlyObjectWrapper<>(this, "latest");

    public void send(SimulationRequest request) {
        // set null first so sending the same request twice still reaches the listener
        latest.set(null);
        latest.set(Objects.requireNonNull(request, "request"));
    }

    public ReadOnlyObjectProperty<SimulationRequest> latestProperty() {
        return latest.getReadOnlyProperty();
    }
}
