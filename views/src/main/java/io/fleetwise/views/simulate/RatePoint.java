package io.fleetwise.views.simulate;

/**
 * One simulation of the throughput-vs-rate sweep: the offered Poisson rate and what the replicas delivered.
 *
 * @param goodputPerS requests per second that met every SLO target
 */
public record RatePoint(double offeredRatePerS, double completedPerS, double goodputPerS, double outputTokensPerS,
                        double sloAttainment) {
}
