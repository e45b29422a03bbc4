package io.fleetwise.views.execute;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Objects;

/**
 * The latest {@link ExecutionRequest} another area sent to Execute, shared by the areas of one workbench: the Execute
 * view model loads the latest one when it is built (on first open) and every later one. Use on the FX thread.
 */
public final class ExecutionRequests {

    private final ReadOnlyObjectWrapper<ExecutionRequest> latest = new ReadOnlyObjectWrapper<>(this, "latest");

    public void send(ExecutionRequest request) {
        // set null first so sending the same request twice still reaches the listener
        latest.set(null);
        latest.set(Objects.requireNonNull(request, "request"));
    }

    public ReadOnlyObjectProperty<ExecutionRequest> latestProperty() {
        return latest.getReadOnlyProperty();
    }
}
