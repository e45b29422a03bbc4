package io.fleetwise.views.common;

import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RunningTasksTest {

    private final AtomicLong nowNs = new AtomicLong();
    private final RunningTasks running = new RunningTasks(new CurrentThreadTaskExecutor(), Runnable::run, nowNs::get, 2_000);
    private final List<RunningTasks.FinishedTask> notified = new ArrayList<>();

    {
        running.setOnLongTaskFinished(notified::add);
    }

    @Test
    void aTaskIsListedWithItsTitleWhileItRunsAndRemovedWhenItSucceeds() {
        List<String> seenWhileRunning = new ArrayList<>();
        AtomicReference<Integer> value = new AtomicReference<>();

        BackgroundTask.wrap("Allocate fleet", p -> {
            running.tasks().forEach(t -> seenWhileRunning.add(t.title() + ": " + t.messageProperty().get()));
            return 7;
        }).onSuccess(value::set).executeWith(running);

        assertThat(seenWhileRunning).containsExactly("Allocate fleet: Allocate fleet");
        assertThat(running.tasks()).isEmpty();
        assertThat(value.get()).isEqualTo(7);
    }

    @Test
    void progressReportsUpdateTheListedTask() {
        List<String> seen = new ArrayList<>();

        BackgroundTask.wrap("Simulate", p -> {
            RunningTasks.RunningTask task = running.tasks().get(0);
            seen.add(task.progressProperty().get() + " " + task.messageProperty().get());
            p.progress(0.25, "step 1 of 4");
            seen.add(task.progressProperty().get() + " " + task.messageProperty().get());
            p.progress(1.5, null);
            seen.add(task.progressProperty().get() + " " + task.messageProperty().get());
            return null;
        }).executeWith(running);

        assertThat(seen).containsExactly("-1.0 Simulate", "0.25 step 1 of 4", "1.0 Simulate");
    }

    @Test
    void aLongTaskSaysHowLongItHasLeftInTheListAndTheStatusBar() {
        List<String> seen = new ArrayList<>();
        List<String> downstream = new ArrayList<>();
        RunningTasks tracked = new RunningTasks(new io.fleetwise.planner.task.TaskExecutor() {
            @Override
            public <V> io.fleetwise.planner.task.TaskHandle execute(BackgroundTask<V> task) {
                return new CurrentThreadTaskExecutor().execute(BackgroundTask.<V>wrap(task.title(),
                        p -> task.call(new io.fleetwise.planner.progress.ProgressListener() {
                            @Override
                            public void progress(double fraction, String message) {
                                downstream.add(message);
                                p.progress(fraction, message);
                            }
                        })).onSuccess(task::succeeded).onFailure(task::failed));
            }
        }, Runnable::run, nowNs::get, 2_000);

        BackgroundTask.wrap("Build throughput table", p -> {
            nowNs.addAndGet(10_000_000_000L);
            p.progress(0.25, "Capacity search 3 of 12");
            seen.add(tracked.tasks().get(0).messageProperty().get());
            return null;
        }).executeWith(tracked);

        assertThat(seen).containsExactly("Capacity search 3 of 12; about 30 s left");
        assertThat(downstream).containsExactly("Capacity search 3 of 12; about 30 s left");
    }

    @Test
    void cancellingFromTheListStopsWorkThatChecksAndCallsOnCancelled() {
        List<String> outcome = new ArrayList<>();

        BackgroundTask.wrap("Search plans", p -> {
            running.tasks().get(0).cancel();
            assertThat(p.isCancelled()).isTrue();
            return "finished anyway";
        }).onSuccess(v -> outcome.add("success")).onCancelled(() -> outcome.add("cancelled")).executeWith(running);

        assertThat(outcome).containsExactly("cancelled");
        assertThat(running.tasks()).isEmpty();
        assertThat(notified).isEmpty();
    }

    @Test
    void failingTasksLeaveTheListAndPassTheErrorOn() {
        List<String> errors = new ArrayList<>();

        BackgroundTask.wrap("Import trace", p -> {
            throw new IllegalStateException("trace.json line 3: not a number");
        }).onFailure(e -> errors.add(e.getMessage())).executeWith(running);

        assertThat(errors).containsExactly("trace.json line 3: not a number");
        assertThat(running.tasks()).isEmpty();
    }

    @Test
    void onlyTasksLongerThanTheThresholdAreNotifiedWithHowTheyEnded() {
        BackgroundTask.wrap("Quick", p -> {
            nowNs.addAndGet(1_999_000_000L);
            return 1;
        }).executeWith(running);
        BackgroundTask.wrap("Long search", p -> {
            nowNs.addAndGet(2_500_000_000L);
            return 1;
        }).executeWith(running);
        BackgroundTask.wrap("Long import", p -> {
            nowNs.addAndGet(3_000_000_000L);
            throw new IllegalArgumentException("bad column");
        }).executeWith(running);

        assertThat(notified).containsExactly(
                new RunningTasks.FinishedTask("Long search", RunningTasks.Outcome.SUCCEEDED, "", 2_500),
                new RunningTasks.FinishedTask("Long import", RunningTasks.Outcome.FAILED, "bad column", 3_000));
    }

    @Test
    void workTheAppStartedOnItsOwnIsListedButOnlyItsFailureIsAnnounced() {
        List<String> seenWhileRunning = new ArrayList<>();
        running.executeUnannounced(BackgroundTask.wrap("Simulating the demo study's timeline", p -> {
            running.tasks().forEach(t -> seenWhileRunning.add(t.title()));
            nowNs.addAndGet(5_000_000_000L);
            return 1;
        }));
        running.executeUnannounced(BackgroundTask.wrap("Warm-up", p -> {
            nowNs.addAndGet(3_000_000_000L);
            throw new IllegalStateException("no native library");
        }));

        assertThat(seenWhileRunning).containsExactly("Simulating the demo study's timeline");
        assertThat(running.tasks()).isEmpty();
        assertThat(notified).containsExactly(
                new RunningTasks.FinishedTask("Warm-up", RunningTasks.Outcome.FAILED, "no native library", 3_000));
    }

    @Test
    void progressIsCoalescedToOnePendingUpdatePerTask() {
        List<Runnable> posted = new ArrayList<>();
        RunningTasks deferred = new RunningTasks(new CurrentThreadTaskExecutor(), posted::add, nowNs::get, 2_000);
        AtomicReference<RunningTasks.RunningTask> task = new AtomicReference<>();

        BackgroundTask.wrap("Chatty", p -> {
            task.set(deferred.tasks().get(0));
            for (int i = 1; i <= 100; i++) {
                p.progress(i / 100.0, "step " + i);
            }
            return null;
        }).executeWith(deferred);

        assertThat(posted).hasSize(1);
        posted.get(0).run();
        assertThat(task.get().messageProperty().get()).isEqualTo("step 100");
        assertThat(task.get().progressProperty().get()).isEqualTo(1.0);
    }
}
