-- What a fleet-allocation plan left out of its requested rate (requests no candidate serves within the SLO), as the
-- service said when it solved: the buckets it names are no longer in the stored problem, so the report and the Fleet
-- area could not say it again. Owned by core (V46-V55). Migrations only add.

ALTER TABLE fleet_plans ADD COLUMN left_out TEXT NOT NULL DEFAULT '';
