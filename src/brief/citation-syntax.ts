import type { LocatorLabel } from '../model/brief.js'

/**
 * Pandoc's citation syntax over one run of inline text. The run is the text of
 * sibling inline nodes; every character that must not be read as syntax (an
 * escaped `[`, an emphasis node standing in the run) is `INERT`, and every node a
 * citation cannot swallow (a link, an image, a `:claim`) is `BARRIER`. Results are
 * ranges of the run, so the caller can map them back to nodes and file offsets.
 */
export const INERT = '\ue000'
export const BARRIER = '\ue001'

/** A half-open range `[start, end)` of the run. */
export interface Span {
  start: number
  end: number
}

export interface ItemMatch {
  /** The key's characters, without `@`, `-@` or braces. */
  key: Span
  prefix: Span
  suffix: Span
  locator: { label: LocatorLabel; value: Span } | null
  suppressAuthor: boolean
}

export interface CitationMatch extends Span {
  narrative: boolean
  items: ItemMatch[]
}

export interface CitationProblem extends Span {
  message: string
}

export interface CitationScan {
  citations: CitationMatch[]
  problems: CitationProblem[]
}

/** Brackets longer than this are asides, not citations (and bound the work per bracket). */
const MAX_BRACKET = 2000
/** Brackets nested deeper than this are not told apart (hostile input only). */
const MAX_DEPTH = 256
const MAX_BRACED_KEY = 500

// A character before `@` that makes it part of a word or an e-mail address
// (`jane@example.org`, `a.b+c@x`), not the start of a citation.
const WORD_BEFORE_AT = /[\p{L}\p{N}\p{M}_.+\-%&'*=?^`{|}~!#$/@]/u
// Pandoc's keys: a letter, digit or `_`, then word characters and single internal
// punctuation (a punctuation character must be followed by a word character, so
// `@doe99.` ends before the period); `://` is kept for URLs used as keys.
const SIMPLE_KEY = /[\p{L}\p{N}_](?:[\p{L}\p{N}\p{M}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}\p{M}_])|[:/](?=\/))*/uy

const LABELS: ReadonlyArray<[LocatorLabel, string[]]> = [
  ['page', ['p.', 'pp.', 'page', 'pages']],
  ['section', ['sec.', 'secs.', 'section', 'sections', '§', '§§']],
  ['paragraph', ['para.', 'paras.', 'paragraph', 'paragraphs', '¶', '¶¶']],
  ['chapter', ['chap.', 'chaps.', 'ch.', 'chapter', 'chapters']],
  ['figure', ['fig.', 'figs.', 'figure', 'figures']],
  ['line', ['l.', 'll.', 'line', 'lines']],
  ['note', ['n.', 'nn.', 'note', 'notes']],
  ['volume', ['vol.', 'vols.', 'volume', 'volumes']],
  ['part', ['pt.', 'pts.', 'part', 'parts']],
  ['verse', ['v.', 'vv.', 'verse', 'verses']],
]
const LABEL_OF = new Map<string, LocatorLabel>(LABELS.flatMap(([label, terms]) => terms.map((t) => [t, label] as const)))
const LETTERS = /\p{L}+/uy

/**
 * The locator label at `at` (`p.`, `pp.`, `page`, `§§`), as written, or null. A label is a
 * whole word: `pages` is not `page`, `party` is not `pt`, and `pp.` is not `p.`. (A regular
 * expression of the 46 terms with the `iu` flags took 10 ms to compile: a tenth of parsing a
 * 10-page brief.)
 */
function labelAt(run: string, at: number): string | null {
  const sign = run[at]
  if (sign === '§' || sign === '¶') return run[at + 1] === sign ? sign + sign : sign
  LETTERS.lastIndex = at
  const word = LETTERS.exec(run)?.[0]
  if (!word) return null
  const lower = word.toLowerCase()
  if (run[at + word.length] === '.' && LABEL_OF.has(`${lower}.`)) return `${word}.`
  return LABEL_OF.has(lower) ? word : null
}

// One word of a locator value: `4`, `4-6`, `2.1`, `3:16`, `iv`, `12a`.
const LOCATOR_WORD = /[\p{L}\p{N}]+(?:[.:\-–—][\p{L}\p{N}]+)*/uy
const LOCATOR_SEPARATOR = /,?[ \t\n]*/y
// Up to 399: front matter is numbered i, ii, …; `d` and `m` alone are more often `n.d.` than 500.
const ROMAN = /^(?=[clxvi])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/i
const DIGIT = /\p{N}/u
const SPACE = /\s/

interface KeyMatch {
  /** Where the citation starts: the `@`, or the `-` of `-@`. */
  start: number
  key: Span
  /** After the key (and its closing brace). */
  end: number
  suppressAuthor: boolean
}

/** The `@` at `at` (or `-@` just before it) stands where a citation may start. */
function citationStart(run: string, at: number): { start: number; suppressAuthor: boolean } | null {
  const dash = at > 0 && run[at - 1] === '-'
  const start = dash ? at - 1 : at
  if (start > 0) {
    const before = run.codePointAt(start - 1)!
    // The low half of a surrogate pair: look at the whole character.
    const char = before >= 0xdc00 && before <= 0xdfff && start > 1 ? String.fromCodePoint(run.codePointAt(start - 2)!) : String.fromCharCode(before)
    if (WORD_BEFORE_AT.test(char)) {
      // `-@` after a word is not suppress-author (`e-@x`); nor is `@` after that dash.
      return null
    }
  }
  return { start, suppressAuthor: dash }
}

/** The citation key whose `@` is at `at`, or null. */
function keyAt(run: string, at: number, limit: number): KeyMatch | null {
  if (run[at] !== '@') return null
  const start = citationStart(run, at)
  if (!start) return null
  const from = at + 1
  if (run[from] === '{') {
    let depth = 0
    const stop = Math.min(limit, from + MAX_BRACED_KEY)
    for (let k = from; k < stop; k++) {
      const c = run[k]
      if (c === '{') depth++
      else if (c === '}' && --depth === 0) {
        const key = { start: from + 1, end: k }
        const text = run.slice(key.start, key.end)
        if (text.trim() === '' || text.includes(BARRIER) || text.includes('\n')) return null
        return { start: start.start, key, end: k + 1, suppressAuthor: start.suppressAuthor }
      } else if (c === BARRIER) return null
    }
    return null
  }
  SIMPLE_KEY.lastIndex = from
  if (!SIMPLE_KEY.test(run)) return null
  const end = Math.min(SIMPLE_KEY.lastIndex, limit)
  if (end <= from) return null
  return { start: start.start, key: { start: from, end }, end, suppressAuthor: start.suppressAuthor }
}

/** The first `char` in `[from, to)`, or -1: `indexOf` would search past `to`, the whole run each time. */
function indexIn(run: string, char: string, from: number, to: number): number {
  for (let k = from; k < to; k++) if (run[k] === char) return k
  return -1
}

/** The first citation key in `[from, to)`, or null. */
function nextKey(run: string, from: number, to: number): KeyMatch | null {
  for (let at = indexIn(run, '@', from, to); at !== -1; at = indexIn(run, '@', at + 1, to)) {
    const key = keyAt(run, at, to)
    if (key) return key
  }
  return null
}

/** A locator value at `at`: words with a digit (or Roman numerals after a label), or `{anything}`. */
function locatorValue(run: string, at: number, to: number, labelled: boolean): { value: Span; end: number } | null {
  if (run[at] === '{') {
    const close = indexIn(run, '}', at, to)
    if (close === -1 || close === at + 1) return null
    return { value: { start: at + 1, end: close }, end: close + 1 }
  }
  const accepts = (word: string): boolean => DIGIT.test(word) || (labelled && ROMAN.test(word))
  LOCATOR_WORD.lastIndex = at
  const first = LOCATOR_WORD.exec(run)
  if (!first || first.index !== at || at + first[0].length > to || !accepts(first[0])) return null
  let end = at + first[0].length
  for (;;) {
    LOCATOR_SEPARATOR.lastIndex = end
    LOCATOR_SEPARATOR.exec(run)
    const next = LOCATOR_SEPARATOR.lastIndex
    if (next === end) break
    LOCATOR_WORD.lastIndex = next
    const word = LOCATOR_WORD.exec(run)
    if (!word || next + word[0].length > to || !accepts(word[0])) break
    end = next + word[0].length
  }
  return { value: { start: at, end }, end }
}

function skipSpace(run: string, at: number, to: number): number {
  let k = at
  while (k < to && SPACE.test(run[k]!)) k++
  return k
}

interface SuffixMatch {
  locator: ItemMatch['locator']
  suffix: Span
}

/**
 * What follows a key up to `;` or `]`: `, p. 4 and passim` gives the locator
 * `p. 4` and the suffix `and passim`. Without a locator the suffix is all of it,
 * a leading comma included (`, and passim`), as pandoc keeps it.
 */
function suffixAt(run: string, from: number, to: number): SuffixMatch | string {
  let at = skipSpace(run, from, to)
  if (run[at] === ',') {
    at = skipSpace(run, at + 1, to)
    if (at === to) return 'nothing follows the comma; remove it, or add a locator such as `p. 4`'
  }
  const label = labelAt(run, at)
  if (label && at + label.length <= to) {
    const found = locatorValue(run, skipSpace(run, at + label.length, to), to, true)
    if (found) return { locator: { label: LABEL_OF.get(label.toLowerCase())!, value: found.value }, suffix: { start: found.end, end: to } }
  } else if (at < to && DIGIT.test(run[at]!)) {
    // Pandoc reads a bare number as a page: `[@key, 33]`.
    const found = locatorValue(run, at, to, false)
    if (found) return { locator: { label: 'page', value: found.value }, suffix: { start: found.end, end: to } }
  }
  return { locator: null, suffix: { start: from, end: to } }
}

/** The items of a bracketed citation, `[from, to)` being its content; a message when it is not one. */
function itemsIn(run: string, from: number, to: number, first: ItemMatch[] = []): ItemMatch[] | string {
  const items = first
  let at = from
  for (;;) {
    const key = nextKey(run, at, to)
    if (!key) {
      if (items.length === 0) return '`@` is not followed by a citation key; write `[@key]`'
      return '`;` is not followed by another citation; write `[@a; @b]` or remove the `;`'
    }
    const semicolon = indexIn(run, ';', key.end, to)
    const end = semicolon === -1 ? to : semicolon
    const suffix = suffixAt(run, key.end, end)
    if (typeof suffix === 'string') return suffix
    items.push({ key: key.key, prefix: { start: at, end: key.start }, suffix: suffix.suffix, locator: suffix.locator, suppressAuthor: key.suppressAuthor })
    if (end === to) return items
    at = end + 1
  }
}

/** For each `[`, the index of its matching `]` (or -1), and what the bracket holds. */
interface Brackets {
  closeOf: Int32Array
  /** Bit flags per `[`: HOLDS_AT, INNER_AT, HOLDS_BARRIER. */
  flags: Uint8Array
}
const HOLDS_AT = 1
const INNER_AT = 2
const HOLDS_BARRIER = 4

function matchBrackets(run: string): Brackets {
  const closeOf = new Int32Array(run.length).fill(-1)
  const flags = new Uint8Array(run.length)
  const open: number[] = []
  let untracked = 0
  const syntax = /[[\]@\ue001]/g
  for (let m = syntax.exec(run); m !== null; m = syntax.exec(run)) {
    const at = m.index
    const c = run[at]
    const top = open[open.length - 1]
    if (c === '[') {
      if (open.length < MAX_DEPTH) open.push(at)
      else untracked++
    } else if (c === ']') {
      if (untracked > 0) untracked--
      else if (top !== undefined) {
        open.pop()
        closeOf[top] = at
        const parent = open[open.length - 1]
        if (parent !== undefined) {
          if (flags[top]! & (HOLDS_AT | INNER_AT)) flags[parent]! |= INNER_AT
          if (flags[top]! & HOLDS_BARRIER) flags[parent]! |= HOLDS_BARRIER
        }
      }
    } else if (top !== undefined) {
      if (c === BARRIER) flags[top]! |= HOLDS_BARRIER
      else if (citationStart(run, at)) flags[top]! |= HOLDS_AT
    }
  }
  return { closeOf, flags }
}

/**
 * `@key [p. 4]`: the bracket after a narrative citation holds its locator and
 * suffix (and maybe more items, `@a [p. 4; @b]`); null when it is not that.
 */
function narrativeTail(run: string, key: KeyMatch, brackets: Brackets): { items: ItemMatch[]; end: number } | null {
  let at = key.end
  while (run[at] === ' ' || run[at] === '\t') at++
  if (run[at] === '\n') at++
  while (run[at] === ' ' || run[at] === '\t') at++
  if (run[at] !== '[') return null
  const close = brackets.closeOf[at] ?? -1
  if (close === -1 || close - at > MAX_BRACKET || brackets.flags[at]! & (HOLDS_BARRIER | INNER_AT)) return null
  const next = run[close + 1]
  if (next === '(' || next === '[' || run[at + 1] === '@' || skipSpace(run, at + 1, close) === close) return null
  const semicolon = indexIn(run, ';', at + 1, close)
  const end = semicolon === -1 ? close : semicolon
  if (nextKey(run, at + 1, end)) return null
  const suffix = suffixAt(run, at + 1, end)
  if (typeof suffix === 'string') return null
  const first: ItemMatch = { key: key.key, prefix: { start: key.start, end: key.start }, suffix: suffix.suffix, locator: suffix.locator, suppressAuthor: key.suppressAuthor }
  const items = end === close ? [first] : itemsIn(run, end + 1, close, [first])
  return typeof items === 'string' ? null : { items, end: close + 1 }
}

/** Every citation in a run, bracketed and narrative, in order; and brackets that try to be one and fail. */
export function scanCitations(run: string): CitationScan {
  const citations: CitationMatch[] = []
  const problems: CitationProblem[] = []
  if (!run.includes('@')) return { citations, problems }
  const brackets = matchBrackets(run)
  const next = /[[@]/g
  for (let m = next.exec(run); m !== null; m = next.exec(run)) {
    const at = m.index
    if (run[at] === '[') {
      const close = brackets.closeOf[at]!
      const flags = brackets.flags[at]!
      if (close === -1 || !(flags & HOLDS_AT) || flags & INNER_AT || close - at > MAX_BRACKET) continue
      next.lastIndex = close + 1
      if (flags & HOLDS_BARRIER) {
        problems.push({ start: at, end: close + 1, message: 'a citation cannot hold a link, image, footnote or `:claim`; move it out of the brackets' })
        continue
      }
      const items = itemsIn(run, at + 1, close)
      if (typeof items === 'string') problems.push({ start: at, end: close + 1, message: items })
      else citations.push({ start: at, end: close + 1, narrative: false, items })
      continue
    }
    const key = keyAt(run, at, run.length)
    if (!key) continue
    const tail = narrativeTail(run, key, brackets)
    const items = tail?.items ?? [{ key: key.key, prefix: { start: key.start, end: key.start }, suffix: { start: key.end, end: key.end }, locator: null, suppressAuthor: key.suppressAuthor }]
    const end = tail?.end ?? key.end
    // `-@key` in running text asks for the year alone: a parenthetical citation, as in pandoc.
    citations.push({ start: key.start, end, narrative: !key.suppressAuthor, items })
    next.lastIndex = end
  }
  return { citations, problems }
}
