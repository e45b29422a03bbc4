-- Fleet plans (DESIGN.md's FleetPlan) as rows under their study, from the fleet allocator or the plan search, and
-- the runs measured (or simulated) against them. Owned by core (V46-V55). Migrations only add.

CREATE TABLE fleet_plans (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    study_id                INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    created_at              TEXT    NOT NULL,
    source                  TEXT    NOT NULL CHECK (source IN ('fleet-allocation', 'plan-search')),
    label                   TEXT    NOT NULL,
    model                   TEXT    NOT NULL,
    gpu_count               INTEGER NOT NULL CHECK (gpu_count > 0),
    cost_usd_per_hour       REAL,
    input_fingerprint       TEXT    NOT NULL DEFAULT '',
    calibration_fingerprint TEXT    NOT NULL DEFAULT '',
    engine                  TEXT    NOT NULL DEFAULT '',
    plan_json               TEXT    NOT NULL CHECK (json_valid(plan_json)),
    problem_json            TEXT             CHECK (problem_json IS NULL OR json_valid(problem_json)),
    result_json             TEXT             CHECK (result_json IS NULL OR json_valid(result_json))
);

CREATE INDEX fleet_plans_by_study ON fleet_plans(study_id, id);

CREATE TABLE plan_runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id      INTEGER NOT NULL REFERENCES fleet_plans(id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('simulation', 'execution')),
    label        TEXT    NOT NULL,
    metrics_json TEXT    NOT NULL CHECK (json_valid(metrics_json)),
    trace_id     INTEGER
);

CREATE INDEX plan_runs_by_plan ON plan_runs(plan_id, id);
