-- Schema version 4: the cross-document picture, rebuilt by `wirewatch resolve` (and after
-- each ingest): event clusters and force series. Lists are JSON arrays.
CREATE TABLE clusters (
    id             TEXT PRIMARY KEY,              -- stable: derived from its earliest event
    type           TEXT NOT NULL,                 -- PLOVER type of its events
    subtype        TEXT,
    label          TEXT,                          -- a short human description
    actors         TEXT NOT NULL DEFAULT '[]',    -- JSON entity ids (union over events)
    recipients     TEXT NOT NULL DEFAULT '[]',
    place          INTEGER,                       -- geonameid most events agree on
    lat            REAL,
    lon            REAL,
    first          TEXT,
    last           TEXT,
    mode           TEXT,                          -- the strongest mode among its events
    events         TEXT NOT NULL DEFAULT '[]',    -- JSON event ids
    articles       TEXT NOT NULL DEFAULT '[]',    -- JSON article ids
    sources        INTEGER NOT NULL DEFAULT 0,    -- independent sources (copies count once)
    status         TEXT NOT NULL                  -- corroborated, single_source, contested
);
CREATE INDEX clusters_first ON clusters(first);
CREATE INDEX clusters_type ON clusters(type);

CREATE TABLE force_series (
    id             TEXT PRIMARY KEY,
    owner          TEXT,
    kind           TEXT NOT NULL,
    system         TEXT,
    place          INTEGER,
    forces         TEXT NOT NULL DEFAULT '[]',    -- JSON force ids, in date order
    status         TEXT NOT NULL                  -- corroborated, single_source, contested
);

CREATE INDEX events_cluster ON events(cluster);
