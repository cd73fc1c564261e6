-- Schema version 2: time expressions and geocoded places.
CREATE TABLE timexes (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    value          TEXT NOT NULL,                 -- TIMEX3-style value
    first          TEXT,                          -- ISO date bounds, where known
    last           TEXT,
    kind           TEXT NOT NULL,                 -- date, interval, duration, set
    anchor         TEXT,                          -- the date it was resolved against
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    PRIMARY KEY (article_id, start, end)
);

CREATE TABLE places (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    name           TEXT,                          -- gazetteer name; NULL when unresolved
    geonameid      INTEGER,
    lat            REAL,
    lon            REAL,
    country        TEXT,
    feature        TEXT,
    entity_id      TEXT REFERENCES entities(id),
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    PRIMARY KEY (article_id, start, end)
);
CREATE INDEX places_geonameid ON places(geonameid);
