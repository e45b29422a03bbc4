-- GPU types the user entered (issue 18), stored as the planner's UserGpuType JSON.
-- Migrations only add: never drop or rewrite user data.

CREATE TABLE user_gpu_types (
    name       TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(name)) > 0),
    spec_json  TEXT NOT NULL CHECK (json_valid(spec_json)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
