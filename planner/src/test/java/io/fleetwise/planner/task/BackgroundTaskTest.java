package io.fleetwise.planner.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundTaskTest {

    private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    private final List<String> events = new ArrayList<>();

    @Test
    void successDeliversTheValueThenFinishes() {
        BackgroundTask.wrap("sum", p -> {
                    p.progress(0.5, "half");
                    return 42;
                })
                .onSuccess(v -> events.add("success " + v))
                .onFailure(e -> events.add("failure"))
                .onFinished(() -> events.add("finished"))
                .executeWith(executor);

        assertThat(events).containsExactly("success 42", "finished");
        assertThat(executor.progressMessages()).containsExactly("half");
    }

    @Test
    void anExceptionGoesToFailure() {
        BackgroundTask.wrap("boom", p -> {
                    throw new IllegalStateException("bad input in line 3");
                })
                .onSuccess(v -> events.add("success"))
                .onFailure(e -> events.add("failure " + e.getMessage()))
                .executeWith(executor);

        assertThat(events).containsExactly("failure bad input in line 3");
    }

    @Test
    void workThatStopsOnCancellationGoesToCancelled() {
        BackgroundTask.wrap("long", p -> {
                    throw new CancellationException("stopped");
                })
                .onFailure(e -> events.add("failure"))
                .onCancelled(() -> events.add("cancelled"))
                .onFinished(() -> events.add("finished"))
                .executeWith(executor);

        assertThat(events).containsExactly("cancelled", "finished");
    }
}
