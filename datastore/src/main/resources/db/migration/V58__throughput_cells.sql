-- The persistent throughput table: one row per cell (a capacity search's answer for one replica config, request
-- lengths, SLO, calibration, engine profile, search settings and simulator version). The fingerprint is the SHA-256
-- of all those inputs, so a cell is found again by key alone and never invalidated by hand; the other columns name
-- the same inputs for people. Migrations only add: never drop or rewrite user data.

CREATE TABLE throughput_cells (
    fingerprint       TEXT    PRIMARY KEY CHECK (length(fingerprint) = 64),
    model             TEXT    NOT NULL,
    replica           TEXT    NOT NULL,
    lengths           TEXT    NOT NULL,
    slo               TEXT    NOT NULL,
    calibration       TEXT    NOT NULL,
    engine            TEXT    NOT NULL,
    search            TEXT    NOT NULL,
    simulator_version INTEGER NOT NULL,
    max_rate_per_s    REAL    NOT NULL CHECK (max_rate_per_s >= 0),
    simulations       INTEGER NOT NULL CHECK (simulations >= 0),
    search_seconds    REAL    NOT NULL,
    computed_at       TEXT    NOT NULL
);

CREATE INDEX throughput_cells_by_model ON throughput_cells(model, replica);
