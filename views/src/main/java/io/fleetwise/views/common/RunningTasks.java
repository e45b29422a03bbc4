package io.fleetwise.views.common;

import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.progress.TimeLeft;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The tasks that are running now, for the progress view: wraps another {@link TaskExecutor} so every
 * task it runs appears in {@link #tasks()} with its progress and message and a way to cancel it, and
 * leaves the list when it ends. Tasks that ran at least {@code notifyAfterMs} report how they ended,
 * so the window can notify the user who turned to something else meanwhile.
 *
 * <p>Progress arrives on worker threads; it is handed to {@code uiThread} coalesced (one pending update
 * per task at a time), so a chatty task cannot flood the UI queue. The list itself changes on the
 * thread that calls {@link #execute} and the callbacks of the wrapped executor (the FX thread in the app).
 */
public final class RunningTasks implements TaskExecutor {

    /** How a finished task ended. */
    public enum Outcome { SUCCEEDED, FAILED, CANCELLED }

    /** A task that has ended, with how long it ran. {@code detail} is the failure's message, else empty. */
    public record FinishedTask(String title, Outcome outcome, String detail, long durationMs) {
    }

    private final TaskExecutor delegate;
    private final Executor uiThread;
    private final LongSupplier nanoClock;
    private final long notifyAfterMs;
    private final ObservableList<RunningTask> tasks = FXCollections.observableArrayList();
    private final ObservableList<RunningTask> readOnlyTasks = FXCollections.unmodifiableObservableList(tasks);
    private Consumer<FinishedTask> onLongTaskFinished = f -> { };

    public RunningTasks(TaskExecutor delegate, Executor uiThread, LongSupplier nanoClock, long notifyAfterMs) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.notifyAfterMs = notifyAfterMs;
    }

    public ObservableList<RunningTask> tasks() {
        return readOnlyTasks;
    }

    /** Called when a task that ran at least the notify threshold succeeds or fails (not when cancelled by the user). */
    public void setOnLongTaskFinished(Consumer<FinishedTask> callback) {
        this.onLongTaskFinished = Objects.requireNonNull(callback, "callback");
    }

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        return track(task, true);
    }

    /**
     * Runs work the application started on its own (not the user): it is listed with its progress like any task,
     * but only a failure is announced. A "finished" notice for work nobody asked for is noise, and it covers the
     * status bar's Tasks button just when the user starts working.
     */
    public <V> TaskHandle executeUnannounced(BackgroundTask<V> task) {
        return track(task, false);
    }

    private <V> TaskHandle track(BackgroundTask<V> task, boolean announceSuccess) {
        RunningTask entry = new RunningTask(task.title(), nanoClock.getAsLong(), announceSuccess);
        tasks.add(entry);
        BackgroundTask<V> tracked = BackgroundTask.<V>wrap(task.title(), progress -> task.call(entry.listener(progress)))
                .onSuccess(value -> {
                    finish(entry, Outcome.SUCCEEDED, "");
                    task.succeeded(value);
                })
                .onFailure(error -> {
                    finish(entry, Outcome.FAILED, error.getMessage() == null ? error.toString() : error.getMessage());
                    task.failed(error);
                })
                .onCancelled(() -> {
                    finish(entry, Outcome.CANCELLED, "");
                    task.failed(new CancellationException(task.title() + " was cancelled"));
                });
        TaskHandle handle = delegate.execute(tracked);
        entry.handle = handle;
        if (entry.cancelRequested) {
            handle.cancel();
        }
        return new TaskHandle() {
            @Override
            public void cancel() {
                entry.cancel();
            }

            @Override
            public boolean isCancelled() {
                return entry.cancelRequested || handle.isCancelled();
            }

            @Override
            public boolean isDone() {
                return handle.isDone();
            }
        };
    }

    private void finish(RunningTask entry, Outcome outcome, String detail) {
        tasks.remove(entry);
        long durationMs = (nanoClock.getAsLong() - entry.startNs) / 1_000_000L;
        boolean announced = outcome == Outcome.FAILED || outcome == Outcome.SUCCEEDED && entry.announceSuccess;
        if (announced && durationMs >= notifyAfterMs) {
            onLongTaskFinished.accept(new FinishedTask(entry.title, outcome, detail, durationMs));
        }
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    /** One running task as the progress view shows it. */
    public final class RunningTask {
        private final String title;
        private final long startNs;
        private final boolean announceSuccess;
        private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
        private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
        private final AtomicReference<Runnable> pendingUpdate = new AtomicReference<>();
        private volatile boolean cancelRequested;
        private volatile TaskHandle handle;

        private RunningTask(String title, long startNs, boolean announceSuccess) {
            this.title = title;
            this.startNs = startNs;
            this.announceSuccess = announceSuccess;
            this.message.set(title);
        }

        public String title() {
            return title;
        }

        /** Fraction done (0..1), or -1 while the task reports none (indeterminate). */
        public ReadOnlyDoubleProperty progressProperty() {
            return progress.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty messageProperty() {
            return message.getReadOnlyProperty();
        }

        public boolean isCancelRequested() {
            return cancelRequested;
        }

        /** Asks the task to stop: work that checks its listener sees it, and the executor interrupts it. */
        public void cancel() {
            cancelRequested = true;
            TaskHandle h = handle;
            if (h != null) {
                h.cancel();
            }
        }

        private ProgressListener listener(ProgressListener downstream) {
            return new ProgressListener() {
                @Override
                public void progress(double fraction, String text) {
                    // every long task says how long it has left: here, so the status bar and this list both show it
                    String withTimeLeft = text == null || text.isBlank() ? text
                            : TimeLeft.append(text, fraction, (nanoClock.getAsLong() - startNs) / 1e9);
                    downstream.progress(fraction, withTimeLeft);
                    report(fraction, withTimeLeft);
                }

                @Override
                public boolean isCancelled() {
                    return cancelRequested || downstream.isCancelled();
                }
            };
        }

        private void report(double fraction, String text) {
            double clamped = fraction < 0 ? -1 : Math.min(1, fraction);
            String shown = text == null || text.isBlank() ? title : text;
            Runnable update = () -> {
                pendingUpdate.set(null);
                progress.set(clamped);
                message.set(shown);
            };
            // only the first report since the last delivery posts; later ones replace what it applies
            if (pendingUpdate.getAndSet(update) == null) {
                uiThread.execute(() -> {
                    Runnable latest = pendingUpdate.get();
                    if (latest != null) {
                        latest.run();
                    }
                });
            }
        }
    }
}
