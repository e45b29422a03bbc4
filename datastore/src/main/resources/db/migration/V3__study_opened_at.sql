-- When a study was last opened in the workbench: the File > Recent studies list is ordered by it.
ALTER TABLE studies ADD COLUMN opened_at TEXT;
