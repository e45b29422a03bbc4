package io.fleetwise.planner.task;

import io.fleetwise.planner.progress.ProgressListener;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A unit of long work (simulation, search, import) with its callbacks, run by a {@link TaskExecutor}.
 * The executor decides on which thread callbacks run: the JavaFX executor delivers them on the FX
 * thread, {@link CurrentThreadTaskExecutor} on the caller's thread (for deterministic tests).
 *
 * <pre>{@code
 * BackgroundTask.wrap("Import config.json", progress -> importer.run(file, progress))
 *     .onSuccess(model -> ...)
 *     .onFailure(error -> message.set(error.getMessage()))
 *     .executeWith(executor);
 * }</pre>
 */
public final class BackgroundTask<V> {

    /** The work itself; it reports through, and checks cancellation on, the given listener. */
    @FunctionalInterface
    public interface Work<V> {
        V run(ProgressListener progress) throws Exception;
    }

    private final String title;
    private final Work<V> work;
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<? super Throwable> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };

    private BackgroundTask(String title, Work<V> work) {
        this.title = Objects.requireNonNull(title, "title");
        this.work = Objects.requireNonNull(work, "work");
    }

    public static <V> BackgroundTask<V> wrap(String title, Work<V> work) {
        return new BackgroundTask<>(title, work);
    }

    public BackgroundTask<V> onSuccess(Consumer<? super V> callback) {
        this.onSuccess = Objects.requireNonNull(callback, "callback");
        return this;
    }

    public BackgroundTask<V> onFailure(Consumer<? super Throwable> callback) {
        this.onFailure = Objects.requireNonNull(callback, "callback");
        return this;
    }

    public BackgroundTask<V> onCancelled(Runnable callback) {
        this.onCancelled = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /** Runs after success, failure or cancellation. */
    public BackgroundTask<V> onFinished(Runnable callback) {
        this.onFinished = Objects.requireNonNull(callback, "callback");
        return this;
    }

    public TaskHandle executeWith(TaskExecutor executor) {
        return executor.execute(this);
    }

    public String title() {
        return title;
    }

    /** Runs the work on the current thread; executors call this from their worker thread. */
    public V call(ProgressListener progress) throws Exception {
        V value = work.run(progress);
        if (progress.isCancelled()) {
            throw new CancellationException(title + " was cancelled");
        }
        return value;
    }

    /** Delivers the outcome; executors call exactly one of these, on the thread they promise. */
    public void succeeded(V value) {
        try {
            onSuccess.accept(value);
        } finally {
            onFinished.run();
        }
    }

    public void failed(Throwable error) {
        try {
            if (error instanceof CancellationException) {
                onCancelled.run();
            } else {
                onFailure.accept(error);
            }
        } finally {
            onFinished.run();
        }
    }
}
