-- Measured runs of the executor (profiler module) and the calibrations fitted from sweeps.
-- device_kind is CUDA or CPU: a CPU-device profile holds the CPU device's own times, never a GPU's.
CREATE TABLE profile (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    device_name   TEXT NOT NULL,
    device_kind   TEXT NOT NULL CHECK (device_kind IN ('CUDA', 'CPU')),
    gpu_type      TEXT,
    model_name    TEXT NOT NULL,
    shard         TEXT NOT NULL,
    timing_mode   TEXT NOT NULL,
    iterations    INTEGER NOT NULL CHECK (iterations > 0),
    trace_id      INTEGER,
    calibration_id INTEGER
);

CREATE TABLE profile_sample (
    profile_id  INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    iteration   INTEGER NOT NULL,
    layer       INTEGER NOT NULL,
    op          TEXT NOT NULL,
    shape       TEXT NOT NULL,
    dtype       TEXT NOT NULL,
    time_ns     INTEGER NOT NULL CHECK (time_ns >= 0),
    modelled    INTEGER NOT NULL CHECK (modelled IN (0, 1)),
    PRIMARY KEY (profile_id, seq)
);

CREATE INDEX profile_sample_op ON profile_sample(profile_id, op);

-- One fitted calibration per row; a device keeps every version, the newest is the one in use.
CREATE TABLE calibration (
    id           INTEGER PRIMARY KEY,
    device_key   TEXT NOT NULL,
    device_name  TEXT NOT NULL,
    device_kind  TEXT NOT NULL CHECK (device_kind IN ('CUDA', 'CPU')),
    version      INTEGER NOT NULL CHECK (version > 0),
    created_at   TEXT NOT NULL,
    params_json  TEXT NOT NULL CHECK (json_valid(params_json)),
    fit_rms_log_error REAL NOT NULL,
    sweep_points INTEGER NOT NULL,
    UNIQUE (device_key, version)
);
