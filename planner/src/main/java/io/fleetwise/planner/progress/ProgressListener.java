package io.fleetwise.planner.progress;

/** Receives progress of long work (simulation, search, import) and can ask it to stop. */
public interface ProgressListener {
    void progress(double fraction, String message);

    default boolean isCancelled() {
        return false;
    }

    ProgressListener NONE = (f, m) -> { };
}
