-- The price book (issue 18): offers per GPU type, the book's rules, and owned hardware.
-- A fresh store is seeded with the shipped book on first use (PriceBookRepository); price_book_settings holds
-- 'seeded' once that happened, so a user who emptied the book keeps it empty.
-- Migrations only add: never drop or rewrite user data.

CREATE TABLE price_offers (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    gpu_type               TEXT NOT NULL CHECK (length(trim(gpu_type)) > 0),
    provider               TEXT NOT NULL CHECK (length(trim(provider)) > 0),
    region                 TEXT NOT NULL DEFAULT '',
    instance               TEXT NOT NULL DEFAULT '',
    kind                   TEXT NOT NULL CHECK (kind IN ('on_demand', 'spot', 'reserved_1y', 'reserved_3y', 'owned')),
    price_per_gpu_hour     REAL NOT NULL CHECK (price_per_gpu_hour > 0),
    currency               TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
    as_of                  TEXT NOT NULL,
    quality                TEXT NOT NULL CHECK (quality IN ('negotiated', 'list', 'secondary', 'unverified')),
    interruptions_per_hour REAL CHECK (interruptions_per_hour IS NULL OR interruptions_per_hour >= 0),
    source                 TEXT NOT NULL DEFAULT '',
    note                   TEXT NOT NULL DEFAULT '',
    -- shipped (from the jar's book), imported (from a CSV file) or entered (typed in the Catalog area or CLI)
    origin                 TEXT NOT NULL CHECK (origin IN ('shipped', 'imported', 'entered')),
    updated_at             TEXT NOT NULL
);

CREATE UNIQUE INDEX price_offers_key ON price_offers (
    gpu_type COLLATE NOCASE, provider COLLATE NOCASE, instance COLLATE NOCASE, region COLLATE NOCASE, kind, as_of);

CREATE TABLE price_book_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE owned_hardware (
    name                       TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(name)) > 0),
    gpu_type                   TEXT NOT NULL,
    gpus_per_node              INTEGER NOT NULL CHECK (gpus_per_node > 0),
    purchase_usd_per_node      REAL NOT NULL CHECK (purchase_usd_per_node > 0),
    amortization_years         REAL NOT NULL CHECK (amortization_years > 0),
    hosting_usd_per_node_month REAL NOT NULL CHECK (hosting_usd_per_node_month >= 0),
    usd_per_kwh                REAL NOT NULL CHECK (usd_per_kwh >= 0),
    pue                        REAL NOT NULL CHECK (pue >= 1),
    host_power_w_per_node      REAL NOT NULL CHECK (host_power_w_per_node >= 0),
    gpu_utilization            REAL NOT NULL CHECK (gpu_utilization >= 0 AND gpu_utilization <= 1),
    as_of                      TEXT NOT NULL,
    source                     TEXT NOT NULL DEFAULT '',
    updated_at                 TEXT NOT NULL
);
