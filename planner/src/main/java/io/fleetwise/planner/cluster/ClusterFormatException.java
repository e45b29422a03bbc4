package io.fleetwise.planner.cluster;

/** A cluster file or shorthand that cannot be read; the message names the place and the problem. */
public final class ClusterFormatException extends RuntimeException {
    public ClusterFormatException(String message) {
        super(message);
    }
}
