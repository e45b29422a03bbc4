package io.fleetwise.planner.task;

/** A running or finished {@link BackgroundTask}. */
public interface TaskHandle {

    /** Asks the work to stop; it sees {@code isCancelled()} on its progress listener. */
    void cancel();

    boolean isCancelled();

    boolean isDone();
}
