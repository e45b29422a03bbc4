-- What the importer accepted, repaired and skipped (with reasons and first places), stored with the trace in the
-- import's own transaction, so the Timeline, `trace list` and the study report can still say what was left out
-- long after the import line has scrolled away. NULL: recorded by Fleetwise itself (simulation, execute) or
-- imported before this column existed.
ALTER TABLE trace ADD COLUMN import_report TEXT CHECK (import_report IS NULL OR json_valid(import_report));
