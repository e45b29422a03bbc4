package io.fleetwise.profiler.runs;

import java.util.List;
import java.util.Objects;

/**
 * A measured serving run, as a benchmark client or a server's metrics recorded it: how requests were sent, which
 * requests were served (per request when the file has them, else {@code completed} requests of the run's mean
 * lengths), and the measured figures.
 *
 * @param id           file name, plus "#line" for one run of a multi-run file
 * @param format       which reader produced it ("vllm bench serve", "sglang bench_serving", "prometheus")
 * @param modelId      the model the file names (empty where it names none)
 * @param perRequest   whether {@code requests} are the served requests (false: all of the run's mean lengths)
 * @param notes        what the reader skipped or assumed, one line each (failed requests, missing arrays)
 */
public record ServingRun(String id, String format, String modelId, RunLoad load, List<RunRequest> requests,
                         boolean perRequest, RunMeasurement measured, List<String> notes) {

    public ServingRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(measured, "measured");
        modelId = modelId == null ? "" : modelId;
        requests = List.copyOf(requests);
        notes = List.copyOf(notes);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("Run " + id + " has no served requests");
        }
    }

    public double meanInputTokens() {
        return requests.stream().mapToInt(RunRequest::inputTokens).average().orElse(0);
    }

    public double meanOutputTokens() {
        return requests.stream().mapToInt(RunRequest::outputTokens).average().orElse(0);
    }
}
