-- Trace store: traces, a two-level track hierarchy, slices, instants, counters, flows and
-- per-track level-of-detail summaries. All times are nanoseconds.
-- study_id has no foreign key yet: the studies table arrives with the foundation migrations.

CREATE TABLE trace_string (
    id    INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
);

CREATE TABLE trace (
    id          INTEGER PRIMARY KEY,
    study_id    INTEGER,
    name        TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    start_ns    INTEGER NOT NULL DEFAULT 0,
    end_ns      INTEGER NOT NULL DEFAULT 0,
    event_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE trace_track (
    id         INTEGER PRIMARY KEY,
    trace_id   INTEGER NOT NULL REFERENCES trace(id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES trace_track(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    sort_index INTEGER NOT NULL,
    pid        INTEGER NOT NULL,
    tid        INTEGER NOT NULL,
    max_depth  INTEGER NOT NULL DEFAULT 0,
    max_dur_ns INTEGER NOT NULL DEFAULT 0,
    event_count INTEGER NOT NULL DEFAULT 0,
    lod_min_level INTEGER NOT NULL DEFAULT 99
);
CREATE INDEX trace_track_trace ON trace_track(trace_id);

-- dur_level = number of LOD bucket widths (256 ns * 4^k) that are <= dur_ns; the index on
-- (track_id, dur_level, start_ns) lets a window query fetch only slices wide enough to be drawn.
CREATE TABLE trace_slice (
    id          INTEGER PRIMARY KEY,
    track_id    INTEGER NOT NULL REFERENCES trace_track(id) ON DELETE CASCADE,
    start_ns    INTEGER NOT NULL,
    dur_ns      INTEGER NOT NULL,
    dur_level   INTEGER NOT NULL,
    depth       INTEGER NOT NULL,
    name_id     INTEGER NOT NULL REFERENCES trace_string(id),
    category_id INTEGER REFERENCES trace_string(id),
    args        TEXT
);
CREATE INDEX trace_slice_track_level_start ON trace_slice(track_id, dur_level, start_ns);
CREATE INDEX trace_slice_track_start ON trace_slice(track_id, start_ns);

CREATE TABLE trace_instant (
    id          INTEGER PRIMARY KEY,
    track_id    INTEGER NOT NULL REFERENCES trace_track(id) ON DELETE CASCADE,
    ts_ns       INTEGER NOT NULL,
    name_id     INTEGER NOT NULL REFERENCES trace_string(id),
    category_id INTEGER REFERENCES trace_string(id),
    args        TEXT
);
CREATE INDEX trace_instant_track_ts ON trace_instant(track_id, ts_ns);

CREATE TABLE trace_counter (
    track_id INTEGER NOT NULL REFERENCES trace_track(id) ON DELETE CASCADE,
    ts_ns    INTEGER NOT NULL,
    value    REAL NOT NULL
);
CREATE INDEX trace_counter_track_ts ON trace_counter(track_id, ts_ns);

CREATE TABLE trace_flow (
    id            INTEGER PRIMARY KEY,
    trace_id      INTEGER NOT NULL REFERENCES trace(id) ON DELETE CASCADE,
    from_slice_id INTEGER NOT NULL REFERENCES trace_slice(id) ON DELETE CASCADE,
    to_slice_id   INTEGER NOT NULL REFERENCES trace_slice(id) ON DELETE CASCADE,
    name_id       INTEGER NOT NULL REFERENCES trace_string(id),
    category_id   INTEGER REFERENCES trace_string(id)
);
CREATE INDEX trace_flow_trace ON trace_flow(trace_id);
CREATE INDEX trace_flow_from ON trace_flow(from_slice_id);
CREATE INDEX trace_flow_to ON trace_flow(to_slice_id);

-- One row per non-empty bucket of width 256 ns * 4^level, summarising the slices that are
-- narrower than the bucket (dur_level <= level): count, busy time and the longest slice's name.
CREATE TABLE trace_slice_lod (
    track_id        INTEGER NOT NULL REFERENCES trace_track(id) ON DELETE CASCADE,
    level           INTEGER NOT NULL,
    bucket          INTEGER NOT NULL,
    slice_count     INTEGER NOT NULL,
    busy_ns         INTEGER NOT NULL,
    longest_name_id INTEGER NOT NULL,
    PRIMARY KEY (track_id, level, bucket)
) WITHOUT ROWID;
