package io.fleetwise.planner.throughput;

import java.util.Objects;

/**
 * Identifies one throughput-table cell by everything that determines its answer. {@code fingerprint} is the SHA-256 of
 * the canonical text of all inputs (model architecture, replica config with its GPU's hardware, the simulated request
 * lengths, SLO, calibration and engine profile, search settings and version, simulator version); the other fields
 * name the same inputs for people (lists, logs, the database). Two cells with the same fingerprint have the same
 * answer, so a stored cell is found again by key alone: nothing is ever invalidated by hand.
 *
 * @param lengths     the simulated requests, e.g. "fixed 320 in / 160 out" (a bucket's representative request)
 * @param calibration fingerprint of the calibration the replica's GPU type is predicted with
 * @param engine      fingerprint of the engine profile (host-side costs)
 * @param search      capacity-search settings and version, e.g. "400 requests, seed 42, tolerance 0.05, max 20, v2"
 */
public record CellKey(String fingerprint, String model, String replica, String lengths, String slo,
                      String calibration, String engine, String search, int simulatorVersion) {

    public CellKey {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(lengths, "lengths");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(search, "search");
    }
}
