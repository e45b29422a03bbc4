package io.fleetwise.planner.service;

import io.fleetwise.planner.sim.CapacitySearch;

/**
 * How finely a throughput table is simulated: one capacity search per (replica config, bucket).
 *
 * @param requestsPerSearch measured requests per simulation of the search
 * @param relTolerance      the search stops when its bracket is narrower than this share of the rate
 * @param maxSimulations    most simulations one search may run
 * @param seed              request lengths and arrival gaps of every search
 */
public record CapacitySettings(int requestsPerSearch, double relTolerance, int maxSimulations, long seed) {

    /**
     * Requests per simulation by default: well above one batch (256 sequences), so a burst cannot finish inside the
     * SLO just because the stream ends; fewer made short buckets look unboundedly fast. 800 with a 5 % bracket keeps
     * the demo study's table to about a minute on two cores.
     */
    public static final int DEFAULT_REQUESTS_PER_SEARCH = 800;
    public static final int MIN_REQUESTS_PER_SEARCH = 50;

    public CapacitySettings {
        if (requestsPerSearch < MIN_REQUESTS_PER_SEARCH) {
            throw new IllegalArgumentException("Requests per capacity search must be >= " + MIN_REQUESTS_PER_SEARCH
                    + ", was " + requestsPerSearch + ".");
        }
        if (!(relTolerance > 0 && relTolerance < 1)) {
            throw new IllegalArgumentException("Capacity-search tolerance must be in (0, 1), was " + relTolerance + ".");
        }
        if (maxSimulations < 2) {
            throw new IllegalArgumentException("A capacity search needs at least 2 simulations, was " + maxSimulations + ".");
        }
    }

    /** {@value #DEFAULT_REQUESTS_PER_SEARCH} requests, 5 % bracket, at most 24 simulations, seed 42. */
    public static CapacitySettings defaults() {
        return new CapacitySettings(DEFAULT_REQUESTS_PER_SEARCH, 0.05, 24, 42L);
    }

    public CapacitySettings withRequestsPerSearch(int requests) {
        return new CapacitySettings(requests, relTolerance, maxSimulations, seed);
    }

    public CapacitySearch.Options options() {
        return new CapacitySearch.Options(requestsPerSearch, seed, relTolerance, maxSimulations);
    }
}
