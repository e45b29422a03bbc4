-- Models the user imported from a Hugging Face config.json.
CREATE TABLE user_models (
    name         TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    spec_json    TEXT NOT NULL CHECK (json_valid(spec_json)),
    source_file  TEXT NOT NULL DEFAULT '',
    imported_at  TEXT NOT NULL
);
