-- Engine profiles fitted from measured serving runs (fleetwise calibrate --from-runs, the Execute area's
-- "Calibrate from serving runs"). One row per fit; an engine keeps every version, the newest is the one in use.
-- parameters_json: the fitted named parameters (host costs in us, efficiency-curve scales); report_json: the runs,
-- their in-sample and leave-one-out errors and the fit's notes, as the profiler wrote them.
-- Migrations only add: never drop or rewrite user data.

CREATE TABLE engine_profile_fit (
    id               INTEGER PRIMARY KEY,
    engine           TEXT    NOT NULL CHECK (length(trim(engine)) > 0),
    version          INTEGER NOT NULL CHECK (version > 0),
    label            TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    gpu_type         TEXT    NOT NULL,
    deployment       TEXT    NOT NULL,
    parameters_json  TEXT    NOT NULL CHECK (json_valid(parameters_json)),
    runs             INTEGER NOT NULL CHECK (runs > 0),
    rms_log_error    REAL,
    median_loo_error REAL,
    report_json      TEXT    NOT NULL CHECK (json_valid(report_json)),
    UNIQUE (engine, version)
);
