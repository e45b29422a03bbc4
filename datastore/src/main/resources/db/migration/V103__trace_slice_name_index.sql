-- Search by name (next/previous match in the Timeline): a per-trace lookup name -> slices in time order.
-- It is built on a trace's first search, in key order (an append), so imports pay nothing for it and
-- traces stored before this version get it the same way; trace.name_lookup_built marks a built one.
CREATE TABLE trace_slice_by_name (
    trace_id INTEGER NOT NULL REFERENCES trace(id) ON DELETE CASCADE,
    name_id  INTEGER NOT NULL,
    start_ns INTEGER NOT NULL,
    slice_id INTEGER NOT NULL,
    PRIMARY KEY (trace_id, name_id, start_ns, slice_id)
) WITHOUT ROWID;

ALTER TABLE trace ADD COLUMN name_lookup_built INTEGER NOT NULL DEFAULT 0;
