package io.fleetwise.views.common;

import io.fleetwise.planner.progress.TimeLeft;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The state of an area's background run as its view model publishes it: whether it runs, its progress (0..1) and a
 * status line that is either information or an error. One run at a time; use on the UI thread.
 */
public final class RunStatus {

    private final ReadOnlyBooleanWrapper running;
    private final ReadOnlyDoubleWrapper progress;
    private final ReadOnlyStringWrapper status;
    private final ReadOnlyBooleanWrapper statusIsError;
    private long startNs;

    /** @param bean the view model the properties belong to; {@code initialStatus} what shows before a run */
    public RunStatus(Object bean, String initialStatus) {
        running = new ReadOnlyBooleanWrapper(bean, "running", false);
        progress = new ReadOnlyDoubleWrapper(bean, "progress", 0);
        status = new ReadOnlyStringWrapper(bean, "status", initialStatus);
        statusIsError = new ReadOnlyBooleanWrapper(bean, "statusIsError", false);
    }

    public boolean isRunning() {
        return running.get();
    }

    /** A run begins: progress 0 and {@code text} as the status. */
    public void start(String text) {
        startNs = System.nanoTime();
        running.set(true);
        progress.set(0);
        info(text);
    }

    /**
     * Progress of the current run, with the time it has left once that can be told; ignored once it has ended (a late
     * update from a finished task).
     */
    public void showProgress(double fraction, String message) {
        if (running.get()) {
            progress.set(fraction);
            status.set(message == null ? null : TimeLeft.append(message, fraction, (System.nanoTime() - startNs) / 1e9));
        }
    }

    /** The run ended with {@code finalProgress} (1 done, 0 failed or cancelled); the status is left as it is. */
    public void end(double finalProgress) {
        running.set(false);
        progress.set(finalProgress);
    }

    public void finished(String text) {
        end(1);
        info(text);
    }

    public void failed(String text) {
        end(0);
        error(text);
    }

    public void cancelled(String text) {
        end(0);
        info(text);
    }

    public void info(String text) {
        status.set(text);
        statusIsError.set(false);
    }

    /** An error in the status line that does not end the run (e.g. a refused request while one runs). */
    public void error(String text) {
        status.set(text);
        statusIsError.set(true);
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }
}
