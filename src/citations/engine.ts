import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../library/write-atomic.js'
import type { LocatorLabel } from '../model/brief.js'
import type { CslItem } from './csl.js'
import { PositionTracker } from './positions.js'
import { MARKDOWN_FORMAT, registerMarkdownFormat, type OutputFormats } from './markdown-format.js'
import { BUILT_IN_STYLES, findLocale, findStyle, localeXml } from './styles.js'

export interface CiteRequestItem {
  id: string
  locator?: { label: LocatorLabel; value: string } | null
  /** Markdown, passed through as written. */
  prefix?: string
  /** Markdown, passed through as written. */
  suffix?: string
  suppressAuthor?: boolean
  /**
   * Only the author's name, for a narrative citation (`@key`): "Kim". Its locator, prefix and
   * suffix are ignored; they belong to the `suppressAuthor` citation that gives "(2024, p. 4)".
   * It does not count as the source's first citation, so the note that follows is the full one.
   */
  authorOnly?: boolean
}

export interface CitationRenderer {
  /** 'note' for note styles (Chicago note), 'in-text' for author-date (APA) */
  readonly kind: 'note' | 'in-text'
  /**
   * Renders one citation cluster, in document order (call in the order they appear; note
   * styles number notes: noteIndex is the footnote number it will be in, 0 for in-text).
   * Returns Markdown.
   */
  cite(items: CiteRequestItem[], noteIndex: number): string
  /** Bibliography entries as Markdown, sorted and formatted by the style, for exactly the items cited so far. */
  bibliography(): string[]
  /** Keeps what was rendered in the cache folder (if one was given) for the next build. */
  save(): void
}

export interface RendererDiagnostic {
  rule: 'unknown-style' | 'unknown-locale'
  message: string
}

interface CiteprocCitationItem {
  id: string
  locator?: string
  label?: string
  prefix?: string
  suffix?: string
  'suppress-author'?: boolean
  'author-only'?: boolean
  position?: number
  'near-note'?: boolean
  'first-reference-note-number'?: number
}

interface CiteprocEngine {
  opt: { xclass: string; development_extensions: Record<string, unknown> }
  setOutputFormat(format: string): void
  citation: { opt: Record<string, unknown> }
  makeCitationCluster(items: CiteprocCitationItem[]): string
  updateItems(ids: string[]): unknown
  makeBibliography(section?: { include: Array<{ field: string; value: string }> }): false | [unknown, string[]]
}

interface Citeproc {
  Engine: new (sys: object, style: unknown, lang?: string, forceLang?: boolean) => CiteprocEngine
  Output: { Formats: OutputFormats }
  parseXml(xml: string): unknown
}

// citeproc-js is 25,000 lines of CommonJS; commands that never cite should not pay for it.
const require = createRequire(import.meta.url)
let citeproc: Citeproc | undefined
const CITEPROC_VERSION = (require('citeproc/package.json') as { version: string }).version
// Bump when what the renderer makes of citeproc-js's output changes: old caches are then ignored.
const CACHE_VERSION = 1

function loadCiteproc(): Citeproc {
  if (!citeproc) {
    citeproc = require('citeproc') as Citeproc
    registerMarkdownFormat(citeproc.Output.Formats)
  }
  return citeproc
}

const parsedStyles = new Map<string, unknown>()

/** Parsed once per process; each engine gets its own copy, since citeproc-js annotates the tree. */
function parsedStyle(csl: Citeproc, xml: string): unknown {
  let tree = parsedStyles.get(xml)
  if (tree === undefined) {
    tree = csl.parseXml(xml)
    parsedStyles.set(xml, tree)
  }
  return structuredClone(tree)
}

// Private-use characters stand in for prefixes and suffixes, which are the brief's own Markdown
// and must not be escaped as field text is.
const PLACEHOLDER = /\uE000(\d+)\uE001/g

function styleProblem(style: string, reason: string): RendererDiagnostic {
  const known = BUILT_IN_STYLES.map((s) => `\`${s}\``).join(', ')
  return {
    rule: 'unknown-style',
    message: `citation style \`${style}\` cannot be used: ${reason}; built-in styles are ${known}, or give a path to a .csl file`,
  }
}

/**
 * What a renderer made before, kept in `.brief/citations/` per context (style, locale, the
 * cited items): rebuilding a brief after editing its prose renders every citation from here
 * and never loads citeproc-js. A cluster's key holds its items, locators, affixes and
 * positions, everything its text depends on within the context.
 */
interface CitationCache {
  clusters: Record<string, string>
  bibliographies: Record<string, string[]>
}

class Renderer implements CitationRenderer {
  readonly kind: 'note' | 'in-text'
  private readonly cited = new Set<string>()
  private readonly positions: PositionTracker
  private engine: CiteprocEngine | null = null
  private dirty = false

  constructor(
    private readonly makeEngine: () => CiteprocEngine,
    private readonly items: ReadonlyMap<string, CslItem>,
    styleXml: string,
    private readonly cache: CitationCache,
    private readonly cacheFile: string | null,
  ) {
    this.kind = /<style\b[^>]*\bclass\s*=\s*["']note["']/.test(styleXml) ? 'note' : 'in-text'
    this.positions = new PositionTracker(Number(/<citation\b[^>]*\bnear-note-distance\s*=\s*["'](\d+)["']/.exec(styleXml)?.[1]) || 5)
  }

  private citeproc(): CiteprocEngine {
    // Every item is registered once, up front: names and years are then told apart (2023a,
    // added initials) before the first citation, so `cite` returns final text.
    this.engine ??= this.makeEngine()
    return this.engine
  }

  cite(items: CiteRequestItem[], noteIndex: number): string {
    if (items.length === 0) throw new Error('cite() needs at least one item')
    for (const item of items) {
      if (!this.items.has(item.id)) throw new Error(`cite(): no CSL item with id \`${item.id}\``)
    }
    const note = Number.isFinite(noteIndex) && noteIndex > 0 ? Math.trunc(noteIndex) : 0
    const affixes: string[] = []
    const placeholder = (text: string): string => {
      affixes.push(text)
      return `\uE000${affixes.length - 1}\uE001`
    }
    const authorOnly = items.every((item) => item.authorOnly)
    const cites: CiteprocCitationItem[] = items.map((item) => {
      const out: CiteprocCitationItem = { id: item.id }
      // The locator and affixes of a narrative citation belong to its parenthetical part.
      if (item.authorOnly) return { ...out, 'author-only': true }
      if (item.locator?.value.trim()) {
        out.locator = item.locator.value.trim()
        out.label = item.locator.label
      }
      // citeproc-js would space the affixes by their edge characters, which the placeholders
      // hide; like pandoc, a prefix is always followed by a space, a suffix preceded by one
      // unless it starts with punctuation.
      const prefix = clean(item.prefix)
      if (prefix) out.prefix = placeholder(prefix) + (/[([{“‘「『《〈]$/u.test(prefix) ? '' : ' ')
      const suffix = clean(item.suffix)
      if (suffix) out.suffix = (/^[,.;:!?)\]}’”」』》〉、。，；：]/u.test(suffix) ? '' : ' ') + placeholder(suffix)
      if (item.suppressAuthor) out['suppress-author'] = true
      return out
    })
    const placements = this.positions.place(
      cites.map((c) => ({ id: c.id, locator: c.locator ? c.locator + (c.label ?? '') : undefined })),
      note,
      authorOnly,
    )
    cites.forEach((c, i) => Object.assign(c, placements[i]))
    for (const item of items) this.cited.add(item.id)
    const key = JSON.stringify(cites)
    let text = this.cache.clusters[key]
    if (text === undefined) {
      text = tidy(this.citeproc().makeCitationCluster(cites))
      this.cache.clusters[key] = text
      this.dirty = true
    }
    return text.replace(PLACEHOLDER, (whole, i: string) => affixes[Number(i)] ?? whole)
  }

  bibliography(): string[] {
    if (this.cited.size === 0) return []
    const key = [...this.cited].sort().join('\n')
    const known = this.cache.bibliographies[key]
    if (known) return known
    // Filtered while citeproc-js renders, so that "———" for a repeated author follows what is
    // printed. Not re-registered: the entries keep the 2023a the citations printed.
    const only = this.cited.size < this.items.size ? { include: [...this.cited].map((id) => ({ field: 'id', value: id })) } : undefined
    const result = this.citeproc().makeBibliography(only)
    const entries = result ? result[1].map((entry) => blockSafe(tidy(entry))) : []
    this.cache.bibliographies[key] = entries
    this.dirty = true
    return entries
  }

  save(): void {
    if (!this.cacheFile || !this.dirty) return
    try {
      writeFileAtomic(this.cacheFile, JSON.stringify(this.cache))
      pruneCache(dirname(this.cacheFile))
    } catch {
      // A cache that cannot be written costs time on the next build, nothing else.
    }
  }
}

// Contexts kept in a workspace's cache: enough for the briefs an analyst works on at once.
const CACHE_KEEP = 64

function pruneCache(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ path: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs }))
  if (files.length <= CACHE_KEEP) return
  files.sort((a, b) => b.mtime - a.mtime)
  for (const old of files.slice(CACHE_KEEP)) rmSync(old.path, { force: true })
}

function readCache(file: string | null): CitationCache | null {
  if (!file) return null
  try {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as Partial<CitationCache>
    if (typeof cache.clusters === 'object' && cache.clusters && typeof cache.bibliographies === 'object' && cache.bibliographies) return cache as CitationCache
  } catch {
    // No cache yet, or a damaged one: start afresh.
  }
  return null
}

/** Spaces doubled where a locale term carries its own (ko-KR's " 및 " after a delimiter). */
function tidy(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim()
}

function clean(text: string | undefined): string {
  return (text ?? '').replace(/[\uE000\uE001]/g, '').trim()
}

/** An entry starting "1. " or "- " (an untitled item) must not turn into a list. */
function blockSafe(entry: string): string {
  return entry.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2').replace(/^([-+#=])(?=\s|$)/, '\\$1')
}

/**
 * A copy of the item for citeproc-js (which annotates what it is given), adjusted where
 * citeproc-js would print it wrongly.
 */
function itemForStyle(item: CslItem, initials: boolean): CslItem {
  const copy = structuredClone(item)
  // A report number such as "2023-07" is an identifier, not a range to print as "2023–07";
  // citeproc-js keeps an escaped hyphen as it is.
  for (const key of ['number', 'collection-number'] as const) {
    const value = copy[key]
    if (typeof value === 'string') copy[key] = value.replace(/\\*-/g, '\\-')
  }
  // Styles that shorten given names to initials invert every name ("Jin, C."); a name written
  // family first would otherwise come out as "Jin C.".
  if (initials) {
    for (const value of Object.values(copy)) {
      if (!Array.isArray(value)) continue
      for (const name of value) {
        if (name['static-ordering'] && /[A-Za-z]/.test(name.family ?? '')) delete name['static-ordering']
      }
    }
  }
  return copy
}

/**
 * A citation renderer for a style and language, over the items a document cites. Names and
 * years are told apart across all `items` before the first citation (Kim 2023a and 2023b), so
 * pass the cited ones: an uncited item could still earn a cited one its letter.
 */
export function createRenderer(options: {
  style: string
  lang?: string | null
  items: ReadonlyMap<string, CslItem> | CslItem[]
  baseDir?: string
  /** A folder to keep rendered citations in between runs (a workspace's `.brief/citations/`). */
  cacheDir?: string
}): { renderer: CitationRenderer | null; diagnostics: RendererDiagnostic[] } {
  const diagnostics: RendererDiagnostic[] = []
  const found = findStyle(options.style, options.baseDir)
  if (!found.ok) return { renderer: null, diagnostics: [styleProblem(options.style, found.reason)] }

  let locale = 'en-US'
  const lang = options.lang?.trim()
  if (lang) {
    const tag = findLocale(lang)
    if (tag) locale = tag
    else diagnostics.push({ rule: 'unknown-locale', message: `no citation locale for \`${lang}\`; en-US is used` })
  }

  const items =
    options.items instanceof Map ? (options.items as ReadonlyMap<string, CslItem>) : new Map((options.items as CslItem[]).map((item) => [item.id, item]))
  const initials = /\binitialize-with\s*=/.test(found.xml)
  const served = new Map<string, CslItem>()
  const sys = {
    retrieveLocale: (tag: string) => localeXml(tag),
    retrieveItem: (id: string) => {
      let item = served.get(id)
      if (!item) {
        const source = items.get(id)
        if (!source) return undefined
        item = itemForStyle(source, initials)
        served.set(id, item)
      }
      return item
    },
  }

  // Everything the text of a citation depends on besides the citation itself.
  const context = createHash('sha256')
    .update(JSON.stringify([CACHE_VERSION, CITEPROC_VERSION, found.xml, locale, Boolean(lang), [...items.values()]]))
    .digest('hex')
    .slice(0, 32)
  const cacheFile = options.cacheDir ? join(options.cacheDir, `${context}.json`) : null
  const cached = readCache(cacheFile)
  const makeEngine = (): CiteprocEngine => {
    const csl = loadCiteproc()
    if (!/<style[\s>]/.test(found.xml)) throw new Error('no <style> element')
    const engine = new csl.Engine(sys, parsedStyle(csl, found.xml), locale, Boolean(lang))
    engine.setOutputFormat(MARKDOWN_FORMAT)
    engine.opt.development_extensions['wrap_url_and_doi'] = true
    engine.updateItems([...items.keys()])
    return engine
  }
  // A cache was made by a working engine for this very context; without one, the engine is
  // built now, so that a style citeproc-js cannot use is reported here, not mid-render.
  if (cached) return { renderer: new Renderer(makeEngine, items, found.xml, cached, cacheFile), diagnostics }
  try {
    const engine = makeEngine()
    return { renderer: new Renderer(() => engine, items, found.xml, { clusters: {}, bibliographies: {} }, cacheFile), diagnostics }
  } catch (err) {
    // A style file citeproc-js cannot build an engine from (or register items with).
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0]
    return { renderer: null, diagnostics: [styleProblem(options.style, `${found.path} is not a usable CSL style (${reason})`), ...diagnostics] }
  }
}
