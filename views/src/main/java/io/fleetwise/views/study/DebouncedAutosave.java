package io.fleetwise.views.study;

import io.fleetwise.datastore.study.StudyStore;
import io.fleetwise.planner.study.StudyDocument;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Saves on one background thread {@code delayMs} after the last edit, so typing into a field writes once, not per
 * key, and the FX thread never waits for SQLite. Outcomes go to {@code listener} through {@code callbackExecutor}
 * (Platform::runLater in the app).
 */
public final class DebouncedAutosave implements Autosave {

    /** What became of a save: null error means stored. */
    public interface Listener {
        void saved(long studyId, Throwable error);
    }

    private final StudyStore store;
    private final long delayMs;
    private final Executor callbackExecutor;
    private final Listener listener;
    private final ScheduledExecutorService worker;
    private ScheduledFuture<?> pending;
    private long pendingId;
    private StudyDocument pendingDocument;

    public DebouncedAutosave(StudyStore store, long delayMs, Executor callbackExecutor, Listener listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.delayMs = delayMs;
        this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleetwise-autosave");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void schedule(long studyId, StudyDocument document) {
        if (pending != null && pendingId != studyId) {
            flush();
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pendingId = studyId;
        pendingDocument = document;
        pending = worker.schedule(this::saveNow, delayMs, TimeUnit.MILLISECONDS);
    }

    private void saveNow() {
        long id;
        StudyDocument doc;
        synchronized (this) {
            if (pendingDocument == null) {
                return;
            }
            id = pendingId;
            doc = pendingDocument;
            pendingDocument = null;
            pending = null;
        }
        Throwable error = null;
        try {
            store.save(id, doc);
        } catch (RuntimeException e) {
            error = e;
        }
        Throwable outcome = error;
        callbackExecutor.execute(() -> listener.saved(id, outcome));
    }

    /** Saves what is pending on the worker and waits for it (opening another study, closing the window). */
    @Override
    public void flush() {
        try {
            worker.submit(this::saveNow).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            callbackExecutor.execute(() -> listener.saved(pendingId, e));
        }
    }

    @Override
    public void close() {
        flush();
        worker.shutdown();
    }
}
