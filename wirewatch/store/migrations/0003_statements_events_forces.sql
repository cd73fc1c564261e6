-- Schema version 3: statements, events and force postures. Lists of entity ids and spans
-- are JSON arrays (SQLite's json1 reads them).
CREATE TABLE statements (
    id             TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    kind           TEXT NOT NULL,                 -- direct, reported
    quote          TEXT NOT NULL,
    quote_spans    TEXT NOT NULL DEFAULT '[]',    -- JSON [[start, end], ...]
    speaker        TEXT,
    speaker_text   TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    cue            TEXT,
    cue_start      INTEGER,
    cue_end        INTEGER,
    stance         TEXT,
    via            TEXT,
    about          TEXT NOT NULL DEFAULT '[]',    -- JSON entity ids
    target         TEXT,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX statements_article ON statements(article_id, start);
CREATE INDEX statements_speaker ON statements(speaker);

CREATE TABLE events (
    id             TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    type           TEXT NOT NULL,                 -- PLOVER root type
    subtype        TEXT,
    mode           TEXT NOT NULL,                 -- asserted, claimed, denied, expected, hypothetical
    trigger        TEXT NOT NULL,
    actors         TEXT NOT NULL DEFAULT '[]',    -- JSON entity ids
    recipients     TEXT NOT NULL DEFAULT '[]',
    actor_text     TEXT,
    recipient_text TEXT,
    place          INTEGER,                       -- geonameid
    place_text     TEXT,
    first          TEXT,
    last           TEXT,
    claimed_by     TEXT,
    statement_id   TEXT,
    responds_to    TEXT,                          -- event id (same or another article)
    cluster        TEXT,                          -- set by cross-document resolution
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX events_article ON events(article_id, start);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_first ON events(first);

CREATE TABLE forces (
    id             TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    owner          TEXT,
    system         TEXT,
    count          INTEGER,
    count_low      INTEGER,
    count_high     INTEGER,
    approx         INTEGER NOT NULL DEFAULT 0,
    place          INTEGER,
    place_text     TEXT,
    origin_place   INTEGER,
    first          TEXT,
    last           TEXT,
    claimed_by     TEXT,
    statement_id   TEXT,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL
);
CREATE INDEX forces_article ON forces(article_id, start);
CREATE INDEX forces_owner ON forces(owner, kind);

-- Full-text search over what people said (the dashboard's search box).
CREATE VIRTUAL TABLE statements_fts USING fts5(quote, speaker_text, content='statements', content_rowid='rowid');
CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts(rowid, quote, speaker_text) VALUES (new.rowid, new.quote, new.speaker_text);
END;
CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, quote, speaker_text) VALUES ('delete', old.rowid, old.quote, old.speaker_text);
END;
