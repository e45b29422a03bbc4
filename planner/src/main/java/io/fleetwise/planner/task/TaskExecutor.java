package io.fleetwise.planner.task;

/** Runs {@link BackgroundTask}s; UI code gets one that calls back on the UI thread. */
public interface TaskExecutor {

    <V> TaskHandle execute(BackgroundTask<V> task);

    /** Stops accepting work and cancels what runs (on application exit). */
    default void shutdown() {
    }
}
