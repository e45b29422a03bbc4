-- Core tables (V1..V99 belong to the core store; the trace store uses V100+).
-- Migrations only add: never drop or rewrite user data.

CREATE TABLE studies (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    -- cluster, model, workload, SLO ... as later issues define them
    payload_json TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(payload_json))
);

CREATE TABLE catalog_price_overrides (
    gpu_name     TEXT PRIMARY KEY,
    usd_per_hour REAL NOT NULL CHECK (usd_per_hour > 0),
    as_of        TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
);
