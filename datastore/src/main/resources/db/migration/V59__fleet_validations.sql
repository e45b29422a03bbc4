-- Fleet validations: a planned fleet simulated on its workload, kept under the SHA-256 of everything the simulation
-- depends on (model, buckets and rates, the plan's replica configs, counts and routing shares, SLO, calibration and
-- engine profiles, options, validator and simulator versions; FleetValidator.key), so the same plan solved again
-- after a restart or from the command line reads its attainment back. Never invalidated by hand: new inputs make a
-- new key. Migrations only add: never drop or rewrite user data.

CREATE TABLE fleet_validations (
    fingerprint  TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
    validation   TEXT NOT NULL,
    computed_at  TEXT NOT NULL
);
