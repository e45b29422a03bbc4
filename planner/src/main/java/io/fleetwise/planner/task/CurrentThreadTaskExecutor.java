package io.fleetwise.planner.task;

import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs each task to completion on the calling thread and calls back there: deterministic, for tests
 * and the command line. Progress reports are kept so tests can check them.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    private final List<String> progressMessages = Collections.synchronizedList(new ArrayList<>());

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        SimpleHandle handle = new SimpleHandle();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                progressMessages.add(message);
            }

            @Override
            public boolean isCancelled() {
                return handle.isCancelled();
            }
        };
        V value;
        try {
            value = task.call(listener);
        } catch (Exception e) {
            handle.done = true;
            task.failed(e);
            return handle;
        }
        handle.done = true;
        task.succeeded(value);
        return handle;
    }

    public List<String> progressMessages() {
        return List.copyOf(progressMessages);
    }

    private static final class SimpleHandle implements TaskHandle {
        private volatile boolean cancelled;
        private volatile boolean done;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done;
        }
    }
}
