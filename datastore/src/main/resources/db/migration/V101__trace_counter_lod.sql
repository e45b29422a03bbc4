-- Counter summaries per bucket of width 256 ns * 4^level: first sample time, min, max and last value,
-- so a zoomed-out counter track reads O(pixels) rows.
CREATE TABLE trace_counter_lod (
    track_id    INTEGER NOT NULL REFERENCES trace_track(id) ON DELETE CASCADE,
    level       INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    first_ts_ns INTEGER NOT NULL,
    min_value   REAL NOT NULL,
    max_value   REAL NOT NULL,
    last_value  REAL NOT NULL,
    PRIMARY KEY (track_id, level, bucket)
) WITHOUT ROWID;
