package io.fleetwise.views.common;

import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskHandle;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs on the headless JavaFX toolkit (Monocle, see the root pom's surefire settings). */
class FxTaskExecutorTest {

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static FxTaskExecutor executorOnFxThread() throws Exception {
        CompletableFuture<FxTaskExecutor> created = new CompletableFuture<>();
        Platform.runLater(() -> created.complete(new FxTaskExecutor()));
        return created.get(5, TimeUnit.SECONDS);
    }

    @Test
    void workRunsOffTheFxThreadAndSuccessArrivesOnIt() throws Exception {
        FxTaskExecutor executor = executorOnFxThread();
        AtomicBoolean workOnFxThread = new AtomicBoolean(true);
        CompletableFuture<Boolean> successOnFxThread = new CompletableFuture<>();
        CompletableFuture<Integer> value = new CompletableFuture<>();

        Platform.runLater(() -> BackgroundTask.wrap("answer", p -> {
                    workOnFxThread.set(Platform.isFxApplicationThread());
                    return 42;
                })
                .onSuccess(v -> {
                    successOnFxThread.complete(Platform.isFxApplicationThread());
                    value.complete(v);
                })
                .executeWith(executor));

        assertThat(value.get(5, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(successOnFxThread.get()).isTrue();
        assertThat(workOnFxThread.get()).isFalse();
    }

    @Test
    void cancellingStopsWorkThatChecksAndCallsOnCancelled() throws Exception {
        FxTaskExecutor executor = executorOnFxThread();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        CompletableFuture<TaskHandle> handle = new CompletableFuture<>();

        Platform.runLater(() -> handle.complete(BackgroundTask.wrap("endless", p -> {
                    started.countDown();
                    while (!p.isCancelled()) {
                        p.progress(0.5, "working");
                        Thread.onSpinWait();
                    }
                    return "stopped";
                })
                .onSuccess(v -> outcome.complete("success"))
                .onFailure(e -> outcome.complete("failure " + e))
                .onCancelled(() -> outcome.complete("cancelled"))
                .executeWith(executor)));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        handle.get().cancel();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo("cancelled");
    }

    @Test
    void aFailureArrivesWithItsMessage() throws Exception {
        FxTaskExecutor executor = executorOnFxThread();
        CompletableFuture<String> message = new CompletableFuture<>();

        Platform.runLater(() -> BackgroundTask.wrap("broken", p -> {
                    throw new IllegalArgumentException("config.json line 1, field 'hidden_size': is missing");
                })
                .onFailure(e -> message.complete(e.getMessage()))
                .executeWith(executor));

        assertThat(message.get(5, TimeUnit.SECONDS)).contains("hidden_size");
    }

    @Test
    void shuttingDownCancelsUnfinishedWorkAndRefusesLaterWorkAsCancelledInsteadOfThrowing() throws Exception {
        FxTaskExecutor executor = executorOnFxThread();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> running = new CompletableFuture<>();
        CompletableFuture<String> followUp = new CompletableFuture<>();

        Platform.runLater(() -> BackgroundTask.wrap("simulation", p -> {
                    started.countDown();
                    while (!p.isCancelled()) {
                        Thread.onSpinWait();
                    }
                    return "stopped";
                })
                .onSuccess(v -> running.complete("success"))
                .onCancelled(() -> running.complete("cancelled"))
                .executeWith(executor));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                executor.shutdown();
                BackgroundTask.wrap("sweep", p -> "ran")
                        .onSuccess(v -> followUp.complete("success"))
                        .onFailure(e -> followUp.complete("failure " + e))
                        .onCancelled(() -> followUp.complete("cancelled"))
                        .executeWith(executor);
                thrown.complete(null);
            } catch (RuntimeException e) {
                thrown.complete(e);
            }
        });

        assertThat(thrown.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("cancelled");
        assertThat(followUp.get(5, TimeUnit.SECONDS)).isEqualTo("cancelled");
        assertThat(executor.runningCountProperty().get()).isZero();
    }
}
