-- Fleet allocator results saved to a study: the problem (workload, candidates, caps, prices, mode) and the
-- solved plan, both as the planner's lossless JSON, plus the headline figures for listing.
-- Migrations only add: never drop or rewrite user data.

CREATE TABLE fleet_allocations (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    study_id          INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    name              TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    created_at        TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    cost_usd_per_hour REAL,
    saving_percent    REAL,
    problem_json      TEXT    NOT NULL CHECK (json_valid(problem_json)),
    result_json       TEXT    NOT NULL CHECK (json_valid(result_json))
);

CREATE INDEX fleet_allocations_by_study ON fleet_allocations(study_id, created_at);
