package io.fleetwise.planner.cluster;

/** A cluster file or shorthand that cannot be read; the message names the place and the problem. */
public final class ClusterFormatException extends RuntimeException implements io.fleetwise.planner.ingest.UserInputError {
    public ClusterFormatException(String message) {
        super(io.fleetwise.planner.ingest.InputText.clip(message));
    }
}
