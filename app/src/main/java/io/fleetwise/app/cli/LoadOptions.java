package io.fleetwise.app.cli;

import io.fleetwise.planner.sim.LoadMode;
import picocli.CommandLine.Option;

/** How the client sends the workload's requests: the load modes of the engines' benchmark clients. */
final class LoadOptions {
    @Option(names = "--max-concurrency", paramLabel = "C",
            description = "closed loop: at most C requests in flight; one is sent at its arrival time or when a slot "
                    + "frees (vllm bench serve --max-concurrency). With --rate inf the client keeps C in flight.")
    Integer maxConcurrency;
    @Option(names = "--offline",
            description = "every request at t=0, straight into the engine, no API server (vllm bench throughput)")
    boolean offline;

    LoadMode mode() {
        return LoadMode.of(offline, maxConcurrency);
    }
}
