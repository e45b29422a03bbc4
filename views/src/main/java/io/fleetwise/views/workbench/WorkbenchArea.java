package io.fleetwise.views.workbench;

import java.util.Objects;

/**
 * One entry of the workbench's left navigation.
 *
 * @param pendingCapability for an area no capability fills yet, what it arrives with; empty otherwise
 */
public record WorkbenchArea(String title, String pendingCapability) {

    public WorkbenchArea {
        Objects.requireNonNull(title, "title");
        pendingCapability = pendingCapability == null ? "" : pendingCapability;
    }

    public boolean isAvailable() {
        return pendingCapability.isEmpty();
    }
}
