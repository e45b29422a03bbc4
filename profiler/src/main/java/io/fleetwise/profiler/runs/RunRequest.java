package io.fleetwise.profiler.runs;

/**
 * One served request of a measured run.
 *
 * @param arrivalS when the client sent it, seconds from the run's start; NaN when the run did not record it (the
 *                 benchmark clients only record the rate, so the replay draws arrivals from it)
 */
public record RunRequest(double arrivalS, int inputTokens, int outputTokens) {
    public RunRequest {
        if (inputTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("A served request needs >= 1 input and output token, has " + inputTokens
                    + " and " + outputTokens);
        }
    }
}
