import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import type { Diagnostic } from '../model/diagnostic.js'
import type { Claim, Section, Source, SourceMeta } from '../model/source.js'
import { allClaims } from '../outline/builder.js'
import { keySuffix } from '../outline/ids.js'
import { readSource } from '../readers/index.js'
import { maxSourceBytes, readFileWithinSync, tooLargeDiagnostic, unreadSource } from '../readers/source-size.js'
import { SCHEMA, SCHEMA_VERSION } from './schema.js'
import { readSourceNote, type SourceNote } from './source-note.js'
import { ftsQuery, searchText, type QueryTerm } from './search-text.js'
import { listSourceFiles, workspaceAt, type SourceFile, type Workspace } from './workspace.js'
import { containment, terms } from './similarity.js'
import { loadSqlite } from './sqlite.js'
import { ParsePool } from './parse-pool.js'

/** What a sync made of one file it read: enough to report on it without reading it again. */
export interface ReadSource {
  path: string
  id: string
  title: string | null
  date: string | null
  claims: number
  diagnostics: Diagnostic[]
}

export interface SyncReport {
  added: string[]
  updated: string[]
  removed: string[]
  renamed: Array<{ from: string; to: string; id: string }>
  unchanged: number
  /** Source ids of the files read in this sync, with the path they came from. */
  read: ReadSource[]
  /** How many of them a worker thread read (see `syncAsync`). */
  readInWorker: number
  /**
   * Files and folders of sources/ not read: symbolic links leading out of the workspace, or
   * looping; files over the size limit (`source-too-large`), whose earlier entry, if any, stays.
   */
  refused: Diagnostic[]
}

export interface SourceRow {
  id: string
  path: string
  format: string
  kind: string
  title: string | null
  date: string | null
  publisher: string | null
  authors: string
  claimCount: number
  diagnosticCount: number
}

export interface SourceFilter {
  kind?: string
  publisher?: string
  since?: string
  until?: string
}

export interface ClaimFilter extends SourceFilter {
  source?: string
  author?: string
  speaker?: string
  limit?: number
  /** Past this many matches, show the newest unranked (default RANK_CAP; `Infinity` ranks every match). */
  rankCap?: number
}

/** What a search found, and whether it ranked every match. */
export interface SearchResult {
  hits: SearchHit[]
  /** More claims matched than RANK_CAP: the hits are the most recently added matches, not ranked. */
  capped: boolean
}

// FTS5's BM25 scores every match and, for each phrase, counts its matches in a second pass:
// a word found in a fifth of a large library takes 50–100 ms to rank, a common phrase more.
// Past this many matches (a query that barely narrows anything, where relevance says
// little) the most recently added matches come first, unscored, and the user is told so;
// `rankCap: Infinity` ranks them all.
export const RANK_CAP = 20_000

/** A claim found by a query, with where it stands. */
interface FoundClaim {
  id: string
  sourceId: string
  text: string
  sectionPath: string[]
  speaker: string | null
}

export interface SearchHit extends FoundClaim {
  /** BM25 (lower is better, as FTS5 gives it); null when the search was too broad to rank. */
  score: number | null
  /** [start, end) ranges of `text` that match the query. */
  highlights: Array<[number, number]>
  title: string | null
  date: string | null
}

export interface RelatedClaim extends FoundClaim {
  /** 0–1: how much of what one claim says the other says too. */
  score: number
  /** The claim's source is a copy of the same story (reprint, syndication), not an independent source. */
  sameStory: boolean
}

// Below this, two claims only share a word or two.
const RELATED_MIN = 0.3

export interface ClaimRecord {
  id: string
  sourceId: string
  kind: string
  text: string
  start: number
  end: number
  paragraph: number
  speaker: string | null
  sectionPath: string[]
  ord: number
  /** The page of a PDF source the claim is on; null for other formats. */
  page: number | null
  /** The texts of the footnotes or endnotes the claim refers to (DOCX); null when none. */
  notes: string[] | null
}

export interface LibraryOptions {
  /**
   * The largest source file read, in bytes (default: BRIEF_MAX_SOURCE_SIZE, else 50 MB).
   * A larger one is not read: the sync reports it in `refused` and keeps what the library
   * held from the file before, rather than dropping claims a brief may cite.
   */
  maxBytes?: number
}

export interface SyncOptions {
  onProgress?: (done: number, total: number) => void
}

interface KnownFile {
  hash: string
  size: number
  mtime_ms: number
  source_id: string
}

interface Loaded {
  file: SourceFile
  hash: string
  bytes: Uint8Array
}

interface Parsed extends Loaded {
  /** Null when the file need not be read (a renamed file, or only its time changed). */
  source: Source | null
}

interface SyncPlan {
  report: SyncReport
  known: Map<string, KnownFile>
  gone: Map<string, { hash: string; source_id: string }>
  goneByHash: Map<string, string[]>
  changed: SourceFile[]
}

/** The path of a file gone from disk whose content was `hash`: the file was renamed. */
function movedFrom(plan: SyncPlan, hash: string): string | undefined {
  return plan.goneByHash.get(hash)?.find((path) => plan.gone.has(path))
}

// Files read and written per transaction during a sync: large first syncs stay in bounded
// memory, and a process killed mid-way leaves every finished batch in place.
const BATCH = 200

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function sectionPaths(sections: Section[]): Map<Claim, string[]> {
  const paths = new Map<Claim, string[]>()
  const walk = (list: Section[], path: string[]): void => {
    for (const section of list) {
      const here = section.heading === null ? path : [...path, section.heading]
      for (const claim of section.claims) paths.set(claim, here)
      walk(section.sections, here)
    }
  }
  walk(sections, [])
  return paths
}

/** Gives a source and its claims a new id (after a clash), keeping each claim's hash. */
function renameSource(source: Source, id: string): void {
  const old = source.id
  source.id = id
  const walk = (list: Section[]): void => {
    for (const section of list) {
      for (const claim of section.claims) claim.id = id + claim.id.slice(old.length)
      walk(section.sections)
    }
  }
  walk(source.sections)
}

function* suffixes(): Generator<string> {
  for (let n = 0; ; n++) yield keySuffix(n)
}

/**
 * The claim library of a workspace: `.brief/library.db`, a cache of what the readers make
 * of `sources/`. Every query first brings it up to date with the files (`sync`).
 */
// How long opening a workspace keeps trying while another process holds it mid-setup.
const OPEN_PATIENCE_MS = 30_000

export class Library {
  readonly workspace: Workspace
  readonly #db: BetterSqlite3.Database
  readonly #statements = new Map<string, BetterSqlite3.Statement>()
  // Per sync: the ids taken under each citation key, and the next suffix to try.
  #clashes = new Map<string, { taken: Set<string>; next: Generator<string>; candidate: string }>()

  /** The largest source file a sync reads, in bytes. */
  readonly maxBytes: number

  private constructor(workspace: Workspace, db: BetterSqlite3.Database, maxBytes: number) {
    this.workspace = workspace
    this.#db = db
    this.maxBytes = maxBytes
  }

  static open(dir: string, options: LibraryOptions = {}): Library {
    const maxBytes = maxSourceBytes(options.maxBytes)
    const workspace = workspaceAt(dir)
    mkdirSync(workspace.cache, { recursive: true })
    const Database = loadSqlite()
    // Two processes opening one workspace at once can meet while one switches the file to WAL
    // or creates the schema; SQLite then answers "database is locked" at once, without waiting
    // out the busy timeout. Opening again shortly after succeeds.
    const deadline = Date.now() + OPEN_PATIENCE_MS
    for (let attempt = 0; ; attempt++) {
      // The busy timeout first: it covers everything after the open. Generous, since a busy
      // machine can hold one batch's transaction for seconds.
      const db = new Database(workspace.database, { timeout: 30_000 })
      try {
        db.pragma('journal_mode = WAL')
        db.pragma('foreign_keys = ON')
        db.pragma('synchronous = NORMAL')
        const library = new Library(workspace, db, maxBytes)
        library.#migrate()
        return library
      } catch (error) {
        db.close()
        const code = (error as { code?: unknown }).code
        const busy = typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
        if (!busy || Date.now() > deadline) throw error
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(200, 10 * 2 ** attempt) * (0.5 + Math.random()))
      }
    }
  }

  #migrate(): void {
    const db = this.#db
    // Nearly every open finds the schema current: a read, not a write lock, tells so.
    const current = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'info'").pluck().get() === 1 &&
      (db.prepare("SELECT value FROM info WHERE key = 'schema'").pluck().get() as string | undefined) === String(SCHEMA_VERSION)
    if (current) return
    // One IMMEDIATE transaction: two processes opening a new workspace at once take turns
    // (through the busy timeout) instead of one failing on a read lock it cannot upgrade.
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
      const row = db.prepare("SELECT value FROM info WHERE key = 'schema'").get() as { value: string } | undefined
      if (row && Number(row.value) !== SCHEMA_VERSION) {
        // An index from another version of briefkit: it is only a cache, so start again.
        db.exec('DROP TABLE IF EXISTS claims_fts; DROP TABLE IF EXISTS claims; DROP TABLE IF EXISTS sources; DROP TABLE IF EXISTS files;')
      }
      db.exec(SCHEMA)
      db.prepare("INSERT OR REPLACE INTO info (key, value) VALUES ('schema', ?)").run(String(SCHEMA_VERSION))
    }).immediate()
  }

  close(): void {
    this.#db.close()
  }

  /** A prepared statement, prepared once per library: preparing costs more than most runs. */
  #sql(text: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(text)
    if (!statement) {
      statement = this.#db.prepare(text)
      this.#statements.set(text, statement)
    }
    return statement
  }

  /** Brings the library up to date with `sources/`: new, changed, renamed and removed files only. */
  sync(options: SyncOptions = {}): SyncReport {
    const plan = this.#plan()
    const { changed } = plan
    for (let i = 0; i < changed.length; i += BATCH) {
      options.onProgress?.(i, changed.length)
      // Read outside the transaction: parsing is the slow part, and other processes may write meanwhile.
      const parsed = this.#load(plan, changed.slice(i, i + BATCH)).map((item) =>
        this.#needsReading(plan, item) ? { ...item, source: this.#read(item.file, item.bytes) } : { ...item, source: null },
      )
      this.#write(plan, parsed)
    }
    return this.#finish(plan, options)
  }

  /**
   * `sync`, with the sources read in a worker thread while this thread writes the ones
   * read before: on two cores a large sync takes the time of the slower half, not of both.
   * Small syncs, and places where a worker cannot start, read in this thread.
   */
  async syncAsync(options: SyncOptions = {}): Promise<SyncReport> {
    const plan = this.#plan()
    const { changed } = plan
    const pool = changed.length >= 2 * BATCH ? ParsePool.start() : null
    if (!pool) return this.sync(options)
    try {
      const batches: SourceFile[][] = []
      for (let i = 0; i < changed.length; i += BATCH) batches.push(changed.slice(i, i + BATCH))
      const submit = (batch: SourceFile[]): Promise<Parsed[]> =>
        Promise.all(
          this.#load(plan, batch).map(async (item) => {
            if (!this.#needsReading(plan, item)) return { ...item, source: null }
            const note = readSourceNote(item.file.absolute)
            const source = await pool.parse(item.file.path, item.bytes, note?.charset)
            if (!source) return { ...item, source: this.#read(item.file, item.bytes) }
            plan.report.readInWorker++
            return { ...item, source: withNote(source, note) }
          }),
        )
      // Two batches in flight: the worker reads one while this thread writes the other.
      // A queue, not an array kept whole: written batches must be free to be collected.
      const inflight = batches.slice(0, 2).map(submit)
      for (let k = 0; k < batches.length; k++) {
        options.onProgress?.(k * BATCH, changed.length)
        const parsed = await inflight.shift()!
        if (k + 2 < batches.length) inflight.push(submit(batches[k + 2]!))
        this.#write(plan, parsed)
      }
      return this.#finish(plan, options)
    } finally {
      await pool.close()
    }
  }

  /** What a sync has to do: the files that changed, and those that are gone. */
  #plan(): SyncPlan {
    const report: SyncReport = { added: [], updated: [], removed: [], renamed: [], unchanged: 0, read: [], readInWorker: 0, refused: [] }
    this.#clashes = new Map()
    const known = new Map<string, KnownFile>()
    for (const row of this.#sql('SELECT path, hash, size, mtime_ms, source_id FROM files').all() as Array<KnownFile & { path: string }>) {
      known.set(row.path, row)
    }
    const onDisk = listSourceFiles(this.workspace, report.refused)
    const seen = new Set(onDisk.map((f) => f.path))
    // Files no longer on disk, by path; and by content, to recognize a renamed file.
    const gone = new Map<string, { hash: string; source_id: string }>()
    const goneByHash = new Map<string, string[]>()
    for (const [path, row] of known) {
      if (seen.has(path)) continue
      gone.set(path, { hash: row.hash, source_id: row.source_id })
      goneByHash.set(row.hash, [...(goneByHash.get(row.hash) ?? []), path])
    }
    const changed: SourceFile[] = []
    for (const file of onDisk) {
      const row = known.get(file.path)
      if (row && row.size === file.size && row.mtime_ms === file.mtimeMs) report.unchanged++
      // Not read, so neither updated nor removed: what the library held from the file stays, and the diagnostic says so.
      else if (file.size > this.maxBytes) report.refused.push(tooLargeDiagnostic(file.path, file.size, this.maxBytes, row?.source_id ?? null))
      else changed.push(file)
    }
    return { report, known, gone, goneByHash, changed }
  }

  /**
   * The bytes and hash of each file; a file that vanished since the listing is left for the
   * next sync, and one that grew past the size limit is reported in `refused`.
   */
  #load(plan: SyncPlan, files: SourceFile[]): Loaded[] {
    const out: Loaded[] = []
    for (const file of files) {
      try {
        const read = readFileWithinSync(file.absolute, this.maxBytes)
        if ('bytes' in read) out.push({ file, hash: sha256(read.bytes), bytes: read.bytes })
        else plan.report.refused.push(tooLargeDiagnostic(file.path, read.tooLarge, this.maxBytes, plan.known.get(file.path)?.source_id ?? null))
      } catch {
        // vanished between listing and reading: the next sync sees it gone
      }
    }
    return out
  }

  /** Whether a changed file must be read: not when only its time changed, or when it is a renamed file. */
  #needsReading(plan: SyncPlan, item: Loaded): boolean {
    const row = plan.known.get(item.file.path)
    if (row && row.hash === item.hash) return false
    return movedFrom(plan, item.hash) === undefined
  }

  /** Writes one batch in one IMMEDIATE transaction. */
  #write(plan: SyncPlan, parsed: Parsed[]): void {
    const { report, known, gone } = plan
    this.#db.transaction(() => {
      for (const item of parsed) {
        const { file, hash } = item
        const row = known.get(file.path)
        if (row && row.hash === hash) {
          this.#sql('UPDATE files SET mtime_ms = ?, size = ? WHERE path = ?').run(file.mtimeMs, file.size, file.path)
          report.unchanged++
          continue
        }
        const from = movedFrom(plan, hash)
        if (!item.source && from !== undefined && this.#sql('SELECT 1 FROM files WHERE path = ?').get(from)) {
          const { source_id } = gone.get(from)!
          this.#rename(from, file, source_id)
          gone.delete(from)
          report.renamed.push({ from, to: file.path, id: source_id })
          continue
        }
        // Another process may have indexed this file since it was listed: look again, inside the transaction.
        const current = this.#sql('SELECT hash, source_id FROM files WHERE path = ?').get(file.path) as { hash: string; source_id: string } | undefined
        if (current?.hash === hash) {
          report.unchanged++
          continue
        }
        const source = item.source ?? this.#read(file, item.bytes)
        const existing = current ?? row
        const id = this.#store(source, file, hash, existing?.source_id ?? null)
        report.read.push({ path: file.path, id, title: source.meta.title, date: source.meta.date, claims: allClaims(source.sections).length, diagnostics: source.diagnostics })
        if (existing) report.updated.push(id)
        else report.added.push(id)
      }
    }).immediate()
  }

  /** Removes what is gone and returns the report. */
  #finish(plan: SyncPlan, options: SyncOptions): SyncReport {
    const { report, gone, changed } = plan
    if (changed.length > 0) options.onProgress?.(changed.length, changed.length)
    if (gone.size > 0) {
      this.#db.transaction(() => {
        for (const [path, { source_id }] of gone) {
          if (!this.#sql('SELECT 1 FROM files WHERE path = ?').get(path)) continue // removed by another process
          this.#delete(source_id)
          this.#sql('DELETE FROM files WHERE path = ?').run(path)
          report.removed.push(source_id)
        }
      }).immediate()
    }
    return report
  }

  /** Reads a source file, with what its note says (the charset and address it was downloaded with). */
  #read(file: SourceFile, bytes: Uint8Array): Source {
    const note = readSourceNote(file.absolute)
    return withNote(readSource(bytes, { file: file.path, charset: note?.charset }), note)
  }

  /**
   * The first of `base`, `base`a, `base`b, … that no source holds. Ids taken under each key
   * are loaded once per sync, so a thousand sources sharing a key cost one query, not a
   * thousand lookups each.
   */
  #freeId(base: string): string {
    let group = this.#clashes.get(base)
    if (!group) {
      const ids = this.#sql('SELECT id FROM sources WHERE id >= ? AND id < ?').pluck().all(base, `${base}\uffff`) as string[]
      group = { taken: new Set(ids), next: suffixes(), candidate: base }
      this.#clashes.set(base, group)
    }
    // The cache may miss ids another process stored since it was loaded: the database decides.
    const stored = this.#sql('SELECT 1 FROM sources WHERE id = ?')
    while (group.taken.has(group.candidate) || stored.get(group.candidate) !== undefined) {
      group.taken.add(group.candidate)
      group.candidate = base + group.next.next().value!
    }
    group.taken.add(group.candidate)
    return group.candidate
  }

  #rename(from: string, file: SourceFile, id: string): void {
    this.#sql('UPDATE sources SET path = ? WHERE id = ?').run(file.path, id)
    this.#sql('UPDATE files SET path = ?, size = ?, mtime_ms = ? WHERE path = ?').run(file.path, file.size, file.mtimeMs, from)
  }

  #delete(id: string): void {
    const rowids = this.#sql('SELECT rowid FROM claims WHERE source_id = ?').pluck().all(id) as number[]
    const deleteFts = this.#sql('DELETE FROM claims_fts WHERE rowid = ?')
    for (const rowid of rowids) deleteFts.run(rowid)
    this.#sql('DELETE FROM claims WHERE source_id = ?').run(id)
    this.#sql('DELETE FROM sources WHERE id = ?').run(id)
  }

  /**
   * Stores a freshly read source. Its citation key stays what it was if the file was
   * indexed before under the same key; a key another file holds gets the first free
   * suffix (a, b, …), so the same files always give the same ids.
   */
  #store(source: Source, file: SourceFile, hash: string, previousId: string | null): string {
    const base = source.id
    if (previousId !== null) this.#delete(previousId)
    let id = base
    if (previousId !== null && previousId.startsWith(base) && /^[a-z]*$/.test(previousId.slice(base.length))) id = previousId
    else id = this.#freeId(base)
    if (id !== base) renameSource(source, id)
    const authors = source.meta.authors.map((a) => a.name).join('; ')
    const paths = sectionPaths(source.sections)
    const count = paths.size
    this.#sql(
      `INSERT INTO sources (id, base_id, path, format, kind, title, date, publisher, authors, claim_count, diagnostic_count, meta)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, base, file.path, source.format, source.meta.kind, source.meta.title, source.meta.date, source.meta.publisher, authors, count, source.diagnostics.length, JSON.stringify({ meta: source.meta, diagnostics: source.diagnostics }))
    const insertClaim = this.#sql(
      'INSERT INTO claims (id, hash, source_id, ord, kind, text, start, end, paragraph, speaker, section_path, page, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const insertFts = this.#sql('INSERT INTO claims_fts (rowid, search) VALUES (?, ?)')
    let ord = 0
    for (const [claim, path] of paths) {
      const info = insertClaim.run(claim.id, claim.id.slice(id.length + 1).replace(/-\d+$/, ''), id, ord++, claim.kind, claim.text, claim.start, claim.end, claim.paragraph, claim.speaker?.name ?? null, JSON.stringify(path), claim.page ?? null, claim.notes?.length ? JSON.stringify(claim.notes) : null)
      insertFts.run(info.lastInsertRowid, searchText(claim.text))
    }
    this.#sql('INSERT OR REPLACE INTO files (path, hash, size, mtime_ms, source_id) VALUES (?, ?, ?, ?, ?)').run(file.path, hash, file.size, file.mtimeMs, id)
    return id
  }

  sources(filter: SourceFilter = {}): SourceRow[] {
    const { where, params } = sourceWhere(filter, 's')
    return this.#db
      .prepare(
        `SELECT id, path, format, kind, title, date, publisher, authors, claim_count AS claimCount, diagnostic_count AS diagnosticCount
         FROM sources s ${where} ORDER BY date IS NULL, date DESC, id`,
      )
      .all(...params) as SourceRow[]
  }

  source(id: string): Source | null {
    // The library keeps claims and metadata, not whole sources: the file in sources/ is read
    // again (every command syncs first, so it is the file that was indexed).
    const row = this.#sql('SELECT path, base_id, format FROM sources WHERE id = ?').get(id) as { path: string; base_id: string; format: Source['format'] } | undefined
    if (!row) return null
    const absolute = join(this.workspace.root, row.path)
    let bytes: Uint8Array
    try {
      const read = readFileWithinSync(absolute, this.maxBytes)
      // The file grew past the limit since it was indexed: its outline cannot be shown, and the diagnostic says why.
      if (!('bytes' in read)) return { ...unreadSource(row.path, row.format, tooLargeDiagnostic(row.path, read.tooLarge, this.maxBytes, id)), id }
      bytes = read.bytes
    } catch {
      return null
    }
    const source = this.#read({ path: row.path, absolute, size: bytes.length, mtimeMs: 0 }, bytes)
    if (source.id !== id) renameSource(source, id)
    return source
  }

  /** A source's id, file and metadata as indexed, without reading the file again. */
  sourceMeta(id: string): { id: string; file: string; meta: SourceMeta } | null {
    const row = this.#sql('SELECT path, meta FROM sources WHERE id = ?').get(id) as { path: string; meta: string } | undefined
    return row ? { id, file: row.path, meta: (JSON.parse(row.meta) as { meta: SourceMeta }).meta } : null
  }

  claim(id: string): ClaimRecord | null {
    const row = this.#sql(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ?`).get(id) as StoredClaim | undefined
    return row ? toClaim(row) : null
  }

  /** Every claim of a source, in document order. */
  claimsOf(sourceId: string): ClaimRecord[] {
    return (this.#sql(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE source_id = ? ORDER BY ord`).all(sourceId) as StoredClaim[]).map(toClaim)
  }

  /** The file a source was read from (relative to the workspace) and the sha256 of its bytes. */
  sourceFile(id: string): { path: string; hash: string } | null {
    return (this.#sql('SELECT path, hash FROM files WHERE source_id = ?').get(id) as { path: string; hash: string } | undefined) ?? null
  }

  /** The claims of a source in document order, `from` to `to` (by position). */
  claimsAround(sourceId: string, ord: number, radius: number): ClaimRecord[] {
    const rows = this.#db
      .prepare(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE source_id = ? AND ord BETWEEN ? AND ? ORDER BY ord`)
      .all(sourceId, ord - radius, ord + radius) as StoredClaim[]
    return rows.map(toClaim)
  }

  /** Ids that look like `id`, for "did you mean". */
  similarIds(id: string, limit = 3): string[] {
    const prefix = id.slice(0, Math.max(3, Math.floor(id.length / 2)))
    const sources = this.#sql('SELECT id FROM sources WHERE id LIKE ? ORDER BY id LIMIT ?').pluck().all(`${prefix}%`, limit) as string[]
    return sources
  }

  /**
   * Claims in other sources that say nearly what claim `id` says, best first. Sources that
   * share most of their claims word for word with the claim's own source are copies of one
   * story (a reprint, a syndicated piece): their claims come back marked `sameStory`, not as
   * independent corroboration.
   */
  related(id: string, limit = 10): RelatedClaim[] | null {
    const claim = this.claim(id)
    if (!claim) return null
    const own = terms(claim.text)
    if (own.size === 0) return []
    const db = this.#db
    const total = (this.#sql('SELECT count(*) FROM claims').pluck().get() as number) || 1
    const df = this.#sql('SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?').pluck()
    const weights = new Map<string, number>()
    for (const [term, word] of own) {
      const query = ftsQuery(word)
      const n = query ? (df.get(query.match) as number) : 0
      weights.set(term, Math.log(1 + total / (1 + n)))
    }
    const weight = (term: string): number => weights.get(term) ?? 1
    // Candidates: claims holding any of the claim's terms, ranked by FTS5.
    const any = [...own.values()].map((w) => ftsQuery(w)?.match).filter(Boolean).map((m) => `(${m})`).join(' OR ')
    const candidates = db
      .prepare(
        `SELECT c.id, c.source_id AS sourceId, c.text, c.section_path AS sectionPath, c.speaker
         FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid
         WHERE claims_fts MATCH ? AND c.source_id != ? ORDER BY bm25(claims_fts) LIMIT 200`,
      )
      .all(any, claim.sourceId) as Array<{ id: string; sourceId: string; text: string; sectionPath: string; speaker: string | null }>
    const sameStory = this.copiesOf(claim.sourceId)
    return candidates
      .map((c) => {
        const other = terms(c.text)
        let shared = 0
        for (const term of own.keys()) if (other.has(term)) shared++
        // One shared word is a coincidence, not the same statement.
        if (shared < Math.min(2, own.size)) return null
        // Both directions: a short bullet inside a long sentence, or the reverse.
        const score = Math.max(containment(own, other, weight), containment(other, own, weight) * 0.6)
        return { id: c.id, sourceId: c.sourceId, text: c.text, sectionPath: JSON.parse(c.sectionPath) as string[], speaker: c.speaker, score: Math.round(score * 1000) / 1000, sameStory: sameStory.has(c.sourceId) }
      })
      .filter((r): r is RelatedClaim => r !== null && r.score >= RELATED_MIN)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit)
  }

  /**
   * Sources that share at least half of their claims (by normalized text) with this one:
   * copies of one story (a reprint, a syndicated piece), not independent sources.
   */
  copiesOf(sourceId: string): Set<string> {
    const rows = this.#db
      .prepare(
        `SELECT b.source_id AS id, count(DISTINCT b.hash) AS shared,
                (SELECT claim_count FROM sources WHERE id = b.source_id) AS theirs,
                (SELECT claim_count FROM sources WHERE id = ?) AS ours
         FROM claims a JOIN claims b ON a.hash = b.hash AND b.source_id != a.source_id
         WHERE a.source_id = ? GROUP BY b.source_id`,
      )
      .all(sourceId, sourceId) as Array<{ id: string; shared: number; theirs: number; ours: number }>
    return new Set(rows.filter((r) => r.shared >= Math.max(2, 0.5 * Math.min(r.theirs, r.ours))).map((r) => r.id))
  }

  search(query: string, filter: ClaimFilter = {}): SearchHit[] {
    return this.find(query, filter).hits
  }

  /** Claims matching `query`, best first, and whether the ranking had to be capped. */
  find(query: string, filter: ClaimFilter = {}): SearchResult {
    const fts = ftsQuery(query)
    if (!fts) return { hits: [], capped: false }
    const { where, params } = sourceWhere(filter, 's')
    const extra: string[] = []
    const extraParams: unknown[] = []
    if (filter.source) {
      extra.push('c.source_id = ?')
      extraParams.push(filter.source)
    }
    if (filter.author) {
      extra.push("s.authors LIKE ? ESCAPE '\\'")
      extraParams.push(`%${escapeLike(filter.author)}%`)
    }
    if (filter.speaker) {
      extra.push("c.speaker LIKE ? ESCAPE '\\'")
      extraParams.push(`%${escapeLike(filter.speaker)}%`)
    }
    const conditions = [where.replace(/^WHERE /, ''), ...extra].filter(Boolean)
    const columns = 'c.id, c.source_id AS sourceId, c.text, c.section_path AS sectionPath, c.speaker, s.title, s.date'
    const limit = filter.limit ?? 20
    let rows: Array<Omit<SearchHit, 'sectionPath' | 'highlights'> & { sectionPath: string }>
    let capped = false
    if (conditions.length) {
      // Filters can exclude the newest matches, so a filtered search ranks every match.
      rows = this.#sql(
        `SELECT ${columns}, bm25(claims_fts) AS score
         FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid JOIN sources s ON s.id = c.source_id
         WHERE claims_fts MATCH ? AND ${conditions.join(' AND ')}
         ORDER BY score LIMIT ?`,
      ).all(fts.match, ...params, ...extraParams, limit) as typeof rows
    } else {
      // Walking the matches newest first without scoring them is cheap and stops early;
      // whether a RANK_CAP+1-th one exists says if the query is too broad to rank.
      const cap = filter.rankCap ?? RANK_CAP
      capped =
        Number.isFinite(cap) &&
        this.#sql('SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?').get(fts.match, cap) !== undefined
      // Rank inside FTS5 first and join only the top rows: joining every match of a common
      // word before sorting costs more than the ranking itself.
      rows = this.#sql(
        capped
          ? `SELECT ${columns}, NULL AS score
             FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS top
             JOIN claims c ON c.rowid = top.rowid JOIN sources s ON s.id = c.source_id
             ORDER BY top.rowid DESC`
          : `SELECT ${columns}, top.score
             FROM (SELECT rowid, bm25(claims_fts) AS score FROM claims_fts WHERE claims_fts MATCH ? ORDER BY score LIMIT ?) AS top
             JOIN claims c ON c.rowid = top.rowid JOIN sources s ON s.id = c.source_id
             ORDER BY top.score`,
      ).all(fts.match, limit) as typeof rows
    }
    const hits = rows.map((row) => ({ ...row, sectionPath: JSON.parse(row.sectionPath) as string[], highlights: highlight(row.text, fts.terms) }))
    return { hits, capped }
  }
}

/** The address a file was downloaded from fills in `meta.url` when the file does not say. */
function withNote(source: Source, note: SourceNote | null): Source {
  if (source.meta.url === null && note) source.meta.url = note.url
  return source
}

// A claim row as ClaimRecord names its fields; the section path and the notes are still JSON.
const CLAIM_COLUMNS = 'id, source_id AS sourceId, kind, text, start, end, paragraph, speaker, section_path AS sectionPath, ord, page, notes'
type StoredClaim = Omit<ClaimRecord, 'sectionPath' | 'notes'> & { sectionPath: string; notes: string | null }

function toClaim(row: StoredClaim): ClaimRecord {
  return { ...row, sectionPath: JSON.parse(row.sectionPath) as string[], notes: row.notes === null ? null : (JSON.parse(row.notes) as string[]) }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function sourceWhere(filter: SourceFilter, alias: string): { where: string; params: unknown[] } {
  const conditions: string[] = []
  const params: unknown[] = []
  if (filter.kind) {
    conditions.push(`${alias}.kind = ?`)
    params.push(filter.kind)
  }
  if (filter.publisher) {
    conditions.push(`${alias}.publisher LIKE ? ESCAPE '\\'`)
    params.push(`%${escapeLike(filter.publisher)}%`)
  }
  if (filter.since) {
    conditions.push(`${alias}.date >= ?`)
    params.push(filter.since)
  }
  if (filter.until) {
    conditions.push(`${alias}.date <= ?`)
    params.push(filter.until)
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
}

/**
 * Where the query's terms stand in a claim's text: exact for phrases and CJK, by shared
 * stem for English words (policy finds "policies": the first letters the stemmer keeps).
 */
export function highlight(text: string, terms: QueryTerm[]): Array<[number, number]> {
  const lower = text.toLowerCase()
  const ranges: Array<[number, number]> = []
  for (const term of terms) {
    const words = term.phrase ? [term.text.toLowerCase()] : term.text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
    for (const word of words) {
      const stem = term.phrase || /[^\x00-\x7f]/.test(word) ? word : word.slice(0, Math.max(3, word.length - 2))
      let at = lower.indexOf(stem)
      while (at !== -1) {
        let end = at + stem.length
        if (!term.phrase) while (end < lower.length && /[\p{L}\p{N}]/u.test(lower.charAt(end))) end++
        ranges.push([at, end])
        at = lower.indexOf(stem, end)
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const r of ranges) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged
}
