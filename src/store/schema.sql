-- src/store/schema.sql: the grainflow store schema, as numbered migrations.
--
-- Embedded into the binary at build time. A line "-- migration N" starts
-- migration N; gf_store_open runs, in order and each in its own transaction,
-- every migration whose number is above the highest version recorded in
-- schema_version, then records it there. Migrations are append-only: never
-- edit one that has shipped, add the next number instead.
-- SPDX-License-Identifier: MIT

-- migration 1
CREATE TABLE scenarios (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
    name        TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL CHECK (json_valid(body)),
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
) STRICT;

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    edits       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(edits) AND json_type(edits) = 'array'),
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    created_ms  INTEGER NOT NULL,
    started_ms  INTEGER,
    finished_ms INTEGER,
    result      TEXT CHECK (result IS NULL OR json_valid(result))
) STRICT;

CREATE INDEX runs_by_scenario ON runs(scenario_id, id);

-- migration 2
-- Failed runs keep their error apart from a result; status lookups at start.
ALTER TABLE runs ADD COLUMN error TEXT CHECK (error IS NULL OR json_valid(error));
CREATE INDEX runs_by_status ON runs(status);

-- migration 3
-- The run's plan as GeoJSON (RFC 7946), kept beside its JSON result.
ALTER TABLE runs ADD COLUMN geojson TEXT CHECK (geojson IS NULL OR json_valid(geojson));

-- migration 4
-- grainflow sweep: one row per sweep (found again by its spec and scenario
-- texts, for --resume), its run table's rows as written to runs.csv, and
-- the summarised results per run, indexed by (result, value) so that a
-- percentile is one index walk and the summary never holds the runs.
CREATE TABLE sweeps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    spec        TEXT NOT NULL CHECK (json_valid(spec)),
    scenario    TEXT NOT NULL CHECK (json_valid(scenario)),
    header      TEXT NOT NULL,
    runs        INTEGER NOT NULL CHECK (runs > 0),
    created_ms  INTEGER NOT NULL
) STRICT;

CREATE TABLE sweep_runs (
    sweep_id    INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
    run         INTEGER NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    row         TEXT NOT NULL,
    PRIMARY KEY (sweep_id, run)
) STRICT, WITHOUT ROWID;

CREATE TABLE sweep_values (
    sweep_id    INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
    k           INTEGER NOT NULL,
    v           REAL NOT NULL,
    run         INTEGER NOT NULL,
    PRIMARY KEY (sweep_id, k, v, run)
) STRICT, WITHOUT ROWID;

-- migration 5
-- Sweeps started through the server (POST /api/v1/sweeps). status is NULL
-- for a sweep of `grainflow sweep`, which finds its own again by the spec
-- and scenario texts (--resume) and never sees the server's; a server sweep
-- has the stored scenario it ran on, a status as a run's (a finished sweep
-- is final), and when done its summary and tornado as one JSON document
-- (what `grainflow sweep --json` prints), or its error when failed.
ALTER TABLE sweeps ADD COLUMN scenario_id TEXT;
ALTER TABLE sweeps ADD COLUMN status TEXT
    CHECK (status IS NULL OR status IN ('queued', 'running', 'done', 'failed'));
ALTER TABLE sweeps ADD COLUMN started_ms INTEGER;
ALTER TABLE sweeps ADD COLUMN finished_ms INTEGER;
ALTER TABLE sweeps ADD COLUMN result TEXT CHECK (result IS NULL OR json_valid(result));
ALTER TABLE sweeps ADD COLUMN error TEXT CHECK (error IS NULL OR json_valid(error));
CREATE INDEX sweeps_by_status ON sweeps(status);
