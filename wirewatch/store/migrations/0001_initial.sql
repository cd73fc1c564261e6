-- Schema version 1: articles, entities, mentions, and a full-text index over article text.
CREATE TABLE articles (
    id                 TEXT PRIMARY KEY,          -- sha256 of the normalised text, 16 hex digits
    title              TEXT,
    source             TEXT,
    url                TEXT,
    published          TEXT,                      -- ISO date, or NULL
    published_inferred INTEGER NOT NULL DEFAULT 0,
    window_first       TEXT,                      -- inferred publication window, or NULL
    window_last        TEXT,
    duplicate_of       TEXT REFERENCES articles(id),
    external_id        TEXT,                      -- the id the input gave, if any
    origin             TEXT,                      -- input path and locator it was read from
    text               TEXT NOT NULL
);

CREATE TABLE entities (
    id          TEXT PRIMARY KEY,                 -- stable: data-file id or type/slug of the name
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    country     TEXT,
    wikidata    TEXT,
    description TEXT
);

CREATE TABLE mentions (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    entity_id      TEXT NOT NULL REFERENCES entities(id),
    text           TEXT NOT NULL,
    label          TEXT NOT NULL,
    recogniser     TEXT NOT NULL,
    stands_for     TEXT REFERENCES entities(id),  -- metonymy: the government a capital stands for
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    PRIMARY KEY (article_id, start, end, entity_id)
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
