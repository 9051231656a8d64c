/** Bump when the tables change: an older `.brief/library.db` is then rebuilt from `sources/`. */
export const SCHEMA_VERSION = 5

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- One row per file in sources/: what it was when last read.
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY,          -- relative to the workspace, with forward slashes
  hash TEXT NOT NULL,             -- sha256 of the bytes
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  source_id TEXT NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS sources (
  id TEXT PRIMARY KEY,
  base_id TEXT NOT NULL,          -- the citation key before a clash suffix
  path TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT,
  date TEXT,
  publisher TEXT,
  authors TEXT NOT NULL,          -- names joined with '; ', for filters and tables
  claim_count INTEGER NOT NULL,
  diagnostic_count INTEGER NOT NULL,
  meta TEXT NOT NULL              -- JSON: { meta, diagnostics } (the outline is read again from the file)
);
CREATE INDEX IF NOT EXISTS sources_date ON sources(date);
CREATE INDEX IF NOT EXISTS sources_base ON sources(base_id);

CREATE TABLE IF NOT EXISTS claims (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL,             -- the id's hash part: equal for equal (normalized) texts
  source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  speaker TEXT,
  section_path TEXT NOT NULL,     -- JSON array of headings
  page INTEGER,                   -- the page of a PDF source the claim is on, else NULL
  notes TEXT                      -- JSON array of the texts of the notes the claim refers to (DOCX), else NULL
);
CREATE INDEX IF NOT EXISTS claims_source ON claims(source_id, ord);
CREATE INDEX IF NOT EXISTS claims_hash ON claims(hash);

CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(
  search, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
);
`
