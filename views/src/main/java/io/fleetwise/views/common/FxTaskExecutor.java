package io.fleetwise.views.common;

import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link BackgroundTask}s on worker threads and delivers their callbacks on the JavaFX thread.
 * Progress goes through {@link Task#updateProgress}, which coalesces updates to at most one per
 * pulse, so a chatty simulation cannot flood the UI. The latest task's progress and message are
 * exposed for the status bar. Create and use it on the FX thread.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private final ExecutorService pool;
    private final ReadOnlyIntegerWrapper runningCount = new ReadOnlyIntegerWrapper(this, "runningCount", 0);
    private final ReadOnlyStringWrapper currentMessage = new ReadOnlyStringWrapper(this, "currentMessage", "");
    private final ReadOnlyDoubleWrapper currentProgress = new ReadOnlyDoubleWrapper(this, "currentProgress", 0);
    private Task<?> current;
    /** Tasks submitted and not yet finished (FX thread only), so a shutdown can cancel them. */
    private final java.util.Set<Task<?>> unfinished = new java.util.LinkedHashSet<>();
    private final RunningTasks runningTasks;
    /** Shorter tasks finish while the user still watches; longer ones get a notification. */
    private static final long NOTIFY_AFTER_MS = 2_000;

    public FxTaskExecutor() {
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fleetwise-task-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        TaskExecutor bridge = new TaskExecutor() {
            @Override
            public <V> TaskHandle execute(BackgroundTask<V> task) {
                return executeOnBridge(task);
            }
        };
        this.runningTasks = new RunningTasks(bridge, Platform::runLater, System::nanoTime, NOTIFY_AFTER_MS);
    }

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        return runningTasks.execute(task);
    }

    /** Every task this executor runs, for the progress view and finish notifications. */
    public RunningTasks runningTasks() {
        return runningTasks;
    }

    private <V> TaskHandle executeOnBridge(BackgroundTask<V> task) {
        if (pool.isShutdown()) {
            // follow-up work (a sweep after its run) of a window that has closed: cancelled, not thrown at the caller
            deliverOnFxThread(() -> task.failed(new CancellationException(
                    task.title() + " was not started: its window has closed")));
            return NOT_STARTED;
        }
        BridgeTask<V> fxTask = new BridgeTask<>(task);
        fxTask.setOnSucceeded(e -> finish(fxTask, () -> task.succeeded(fxTask.getValue())));
        fxTask.setOnFailed(e -> finish(fxTask, () -> task.failed(fxTask.getException())));
        fxTask.setOnCancelled(e -> finish(fxTask, () -> task.failed(new CancellationException(task.title() + " was cancelled"))));
        runningCount.set(runningCount.get() + 1);
        unfinished.add(fxTask);
        follow(fxTask);
        pool.submit(fxTask);
        return new TaskHandle() {
            @Override
            public void cancel() {
                fxTask.cancel(true);
            }

            @Override
            public boolean isCancelled() {
                return fxTask.isCancelled();
            }

            @Override
            public boolean isDone() {
                return fxTask.isDone();
            }
        };
    }

    private void follow(Task<?> task) {
        current = task;
        currentMessage.bind(task.messageProperty());
        currentProgress.bind(task.progressProperty());
    }

    private static void deliverOnFxThread(Runnable outcome) {
        if (Platform.isFxApplicationThread()) {
            outcome.run();
        } else {
            Platform.runLater(outcome);
        }
    }

    private static final TaskHandle NOT_STARTED = new TaskHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }
    };

    private void finish(Task<?> task, Runnable callback) {
        unfinished.remove(task);
        runningCount.set(runningCount.get() - 1);
        if (task == current) {
            currentMessage.unbind();
            currentProgress.unbind();
            currentMessage.set("");
            currentProgress.set(0);
            current = null;
        }
        callback.run();
    }

    /** A JavaFX task that is also the work's progress listener, so progress uses Task's coalescing. */
    private static final class BridgeTask<V> extends Task<V> implements ProgressListener {
        private final BackgroundTask<V> task;

        BridgeTask(BackgroundTask<V> task) {
            this.task = task;
            updateMessage(task.title());
        }

        @Override
        protected V call() throws Exception {
            return task.call(this);
        }

        @Override
        public void progress(double fraction, String message) {
            updateProgress(Math.max(0, Math.min(1, fraction)), 1);
            updateMessage(message == null ? task.title() : message);
        }
    }

    /** Cancels the task the status bar shows, if any. */
    public void cancelCurrent() {
        if (current != null) {
            current.cancel(true);
        }
    }

    public ReadOnlyIntegerProperty runningCountProperty() {
        return runningCount.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty currentMessageProperty() {
        return currentMessage.getReadOnlyProperty();
    }

    /** Fraction done of the latest task, or -1 while it reports none (indeterminate). */
    public ReadOnlyDoubleProperty currentProgressProperty() {
        return currentProgress.getReadOnlyProperty();
    }

    /**
     * Stops the work of a closing window: every unfinished task is cancelled (so its owner's cancel path runs and no
     * follow-up work is started from a success that no longer matters), the pool stops, and work handed over later is
     * reported cancelled instead of running. Call on the FX thread.
     */
    @Override
    public void shutdown() {
        pool.shutdownNow();
        for (Task<?> task : java.util.List.copyOf(unfinished)) {
            task.cancel(true);
        }
    }
}
