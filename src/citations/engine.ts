import { createRequire } from 'node:module'
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

class Renderer implements CitationRenderer {
  readonly kind: 'note' | 'in-text'
  private readonly cited = new Set<string>()
  private readonly positions: PositionTracker

  constructor(
    private readonly engine: CiteprocEngine,
    private readonly items: ReadonlyMap<string, CslItem>,
  ) {
    this.kind = engine.opt.xclass === 'note' ? 'note' : 'in-text'
    this.positions = new PositionTracker(Number(engine.citation.opt['near-note-distance']) || 5)
    // Every item is registered once, up front: names and years are then told apart (2023a,
    // added initials) before the first citation, so `cite` returns final text.
    engine.updateItems([...items.keys()])
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
    const text = tidy(this.engine.makeCitationCluster(cites))
    return text.replace(PLACEHOLDER, (whole, i: string) => affixes[Number(i)] ?? whole)
  }

  bibliography(): string[] {
    if (this.cited.size === 0) return []
    // Filtered while citeproc-js renders, so that "———" for a repeated author follows what is
    // printed. Not re-registered: the entries keep the 2023a the citations printed.
    const only = this.cited.size < this.items.size ? { include: [...this.cited].map((id) => ({ field: 'id', value: id })) } : undefined
    const result = this.engine.makeBibliography(only)
    if (!result) return []
    return result[1].map((entry) => blockSafe(tidy(entry)))
  }
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

  const csl = loadCiteproc()
  try {
    if (!/<style[\s>]/.test(found.xml)) throw new Error('no <style> element')
    const engine = new csl.Engine(sys, parsedStyle(csl, found.xml), locale, Boolean(lang))
    engine.setOutputFormat(MARKDOWN_FORMAT)
    engine.opt.development_extensions['wrap_url_and_doi'] = true
    return { renderer: new Renderer(engine, items), diagnostics }
  } catch (err) {
    // A style file citeproc-js cannot build an engine from (or register items with).
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0]
    return { renderer: null, diagnostics: [styleProblem(options.style, `${found.path} is not a usable CSL style (${reason})`), ...diagnostics] }
  }
}
