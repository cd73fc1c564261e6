-- Schema version 5: what cross-document resolution keeps between runs.
-- One MinHash signature per article (near-duplicate detection), computed once; an article
-- with a signature has been checked for copies.
CREATE TABLE article_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash    BLOB NOT NULL,                     -- NUM_PERM hash values, uint64
    shingles   INTEGER NOT NULL,                  -- how many distinct shingles were hashed
    similarity REAL                               -- estimated containment in duplicate_of
);

-- Entities found to name the same real-world entity as another (a surname-only discovery
-- and the full name seen elsewhere): mentions keep the id they were stored with, readers
-- follow this table to the canonical one.
CREATE TABLE entity_merges (
    entity_id    TEXT PRIMARY KEY REFERENCES entities(id),
    canonical_id TEXT NOT NULL REFERENCES entities(id),
    reason       TEXT NOT NULL
);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

-- A force series is keyed by its owner, kind, system and the country it is in.
ALTER TABLE force_series ADD COLUMN country TEXT;

-- What the last complete resolution saw (the articles' count and last rowid): ingest resolves
-- again when the articles differ, so a run killed during resolution is finished by the next.
CREATE TABLE resolution_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Lookups the dashboard and the resolution make often.
CREATE INDEX events_place ON events(place);
CREATE INDEX events_responds_to ON events(responds_to);
CREATE INDEX forces_place ON forces(place);
CREATE INDEX mentions_sentence ON mentions(article_id, sentence_start);
