import type { PdfDot, PdfPageText, PdfTextRun } from './extract.js'
import { endsSentence } from './lines.js'
import { lineMarker } from './outline-text.js'

/*
 * A PDF holds positioned runs of text, not lines and paragraphs. These small pure functions
 * rebuild the text a reader would see: runs → lines (by baseline), running headers, footers
 * and page numbers out, columns read one after the other, lines of a paragraph joined (words
 * hyphenated at a line end made whole again), one block per line of the result. The outline
 * itself is left to the outline-text (or news-text) reader, as for any plain text.
 */

/** One visual line (or a part of one, when a wide gap splits it: columns, tab stops). */
export interface PdfLine {
  page: number
  x0: number
  x1: number
  /** Baseline, y down. */
  y: number
  size: number
  text: string
  /** Where the text after a list marker (`1.`, `•`) begins; `x0` when the line has none. */
  textX: number
  /** A bullet is drawn as a shape just left of the line. */
  bullet: boolean
  /** Index of the column the line was read in (0 for a single column). */
  column: number
}

export interface LayoutBlock {
  page: number
  /** Where in `text` a later page begins, when the block runs on across pages. */
  pageBreaks: Array<{ at: number; page: number }>
  text: string
  size: number
  lines: number
  bullet: boolean
  /** A list item: a drawn bullet or a marker the outline reader knows. */
  listItem: boolean
}

// A gap this many font sizes wide between two runs on one baseline splits the line
// (a column gutter, a date set flush right); word spaces are a quarter of that.
const SPLIT_GAP = 1.4
// Runs this much smaller than their line, and raised, are note marks.
const SUPERSCRIPT = 0.8
// Private-use code points that Symbol and Wingdings bullets come out as.
const SYMBOL_BULLETS = /^[\uF0B7\uF0A7\uF076\uF0D8\uF0FC\uF06E\uF0A8\uF0D2\uF0E0]\s*/u

const round = (n: number, step = 0.5): number => Math.round(n / step) * step

/** The most frequent value, weighted; ties go to the smaller value. */
function mode(values: Map<number, number>): number | null {
  let best: number | null = null
  let weight = -1
  for (const [value, w] of values) {
    if (w > weight || (w === weight && best !== null && value < best)) {
      best = value
      weight = w
    }
  }
  return best
}

function isSpaceRun(run: PdfTextRun): boolean {
  return run.s.trim() === ''
}

/** Groups a page's runs into rows by baseline: a raised note mark joins the line it belongs to. */
function rows(runs: readonly PdfTextRun[]): PdfTextRun[][] {
  const sorted = runs.filter((r) => r.size > 0).sort((a, b) => a.y - b.y || a.x - b.x)
  const out: PdfTextRun[][] = []
  let row: PdfTextRun[] = []
  let rowY = 0
  let rowSize = 0
  for (const run of sorted) {
    if (row.length > 0 && Math.abs(run.y - rowY) <= 0.5 * Math.max(run.size, rowSize)) {
      row.push(run)
      // The row's baseline is its largest text's: a note mark must not pull it up.
      if (run.size > rowSize && !isSpaceRun(run)) {
        rowY = run.y
        rowSize = run.size
      }
      continue
    }
    if (row.length > 0) out.push(row)
    row = [run]
    rowY = run.y
    rowSize = isSpaceRun(run) ? 0 : run.size
  }
  if (row.length > 0) out.push(row)
  return out
}

/** The size most of a row's characters are set in. */
function rowSize(runs: readonly PdfTextRun[]): number {
  const weights = new Map<number, number>()
  for (const run of runs) if (!isSpaceRun(run)) weights.set(round(run.size, 0.25), (weights.get(round(run.size, 0.25)) ?? 0) + run.s.length)
  return mode(weights) ?? runs[0]?.size ?? 0
}

function isNoteMark(run: PdfTextRun, size: number, baseline: number): boolean {
  return run.size < SUPERSCRIPT * size && baseline - run.y > 0.15 * size && /^[\d*†‡§¶,–-]{1,5}$/u.test(run.s.trim())
}

/** A row's runs as lines: split at wide gaps, joined with spaces where the runs stand apart. */
function rowLines(page: number, runs: PdfTextRun[], dots: readonly PdfDot[]): PdfLine[] {
  const size = rowSize(runs)
  const main = runs.filter((r) => !isSpaceRun(r) && Math.abs(r.size - size) < 0.1 * size)
  const baseline = main.length > 0 ? main.reduce((sum, r) => sum + r.y, 0) / main.length : runs[0]!.y
  const sorted = [...runs].sort((a, b) => a.x - b.x)
  const lines: PdfLine[] = []
  let parts: Array<{ x: number; text: string }> = []
  let x0 = 0
  let x1 = 0
  let lastEnd = -Infinity
  const flush = (): void => {
    let text = ''
    let textX = x0
    for (const part of parts) text += part.text
    text = text.replace(/\s+/gu, ' ').trim()
    if (text) {
      text = text.replace(SYMBOL_BULLETS, '• ')
      const marker = lineMarker(text)
      if (marker) {
        // Where the text after the marker starts: the first run at or past the marker's end.
        let offset = 0
        for (const part of parts) {
          const trimmed = part.text.replace(/\s+/gu, ' ')
          if (offset >= marker.textOffset - 1 && trimmed.trim()) {
            textX = part.x
            break
          }
          offset += trimmed.length
        }
      }
      const bullet = dots.some((d) => d[2] <= x0 + 1 && x0 - d[2] <= 3 * size && (d[1] + d[3]) / 2 >= baseline - size && (d[1] + d[3]) / 2 <= baseline + 0.2 * size)
      lines.push({ page, x0, x1, y: baseline, size, text, textX, bullet, column: 0 })
    }
    parts = []
    lastEnd = -Infinity
  }
  for (const run of sorted) {
    if (isNoteMark(run, size, baseline)) continue
    if (isSpaceRun(run)) {
      if (parts.length > 0) parts.push({ x: run.x, text: ' ' })
      continue
    }
    if (parts.length > 0 && run.x - lastEnd > SPLIT_GAP * size) flush()
    if (parts.length === 0) x0 = run.x
    else if (run.x - lastEnd > 0.15 * size && !/\s$/u.test(parts[parts.length - 1]!.text) && !/^\s/u.test(run.s)) parts.push({ x: run.x, text: ' ' })
    parts.push({ x: run.x, text: run.s })
    lastEnd = Math.max(lastEnd, run.x + run.w)
    x1 = lastEnd
  }
  flush()
  return lines
}

/**
 * The lines of one page, top to bottom, left to right. A row split into three or more parts
 * is a table row: one line, its cells joined by ` | ` and read as a list item (as the
 * Markdown and HTML readers read table rows).
 */
export function pageLines(page: PdfPageText): PdfLine[] {
  return rows(page.runs).flatMap((row) => {
    const lines = rowLines(page.n, row, page.dots)
    if (lines.length < 3) return lines
    const first = lines[0]!
    return [{ ...first, x1: lines[lines.length - 1]!.x1, text: lines.map((l) => l.text).join(' | '), textX: first.x0, bullet: true }]
  })
}

// ---------------------------------------------------------------------------
// Running headers, footers and page numbers

const PAGE_NUMBER = /^(?:(?:page|p\.|pp\.)\s{0,3})?[-–—|]?\s{0,3}(\d{1,4})\s{0,3}[-–—|]?(?:\s{0,3}(?:of|\/)\s{0,3}\d{1,4})?$|^[-–—]?\s{0,2}([ivxlc]{1,7})\s{0,2}[-–—]?$/iu
const MARGIN_ROWS = 2
const MARGIN_SHARE = 0.15

function marginKey(text: string): string {
  return text.toLowerCase().replace(/\d+/gu, '#').replace(/\s+/gu, ' ').trim()
}

export interface Cleaned {
  pages: PdfLine[][]
  /** How many header, footer and page-number lines were left out. */
  removed: number
}

/**
 * Leaves out the lines at the top or bottom of a page that repeat (digits aside) at the same
 * height on most pages — running headers and footers — and lone page numbers there
 * (`3`, `- 3 -`, `Page 3 of 9`, `iv`).
 */
export function removeMargins(pages: readonly PdfLine[][], heights: readonly number[], totalPages: number): Cleaned {
  const candidates = pages.map((lines, p) => {
    const height = heights[p] ?? 842
    const rows = [...new Map(lines.map((l) => [round(l.y, 1), l.size])).entries()].sort((a, b) => a[0] - b[0])
    // A header stands apart from the text below it, a footer from the text above: the rows
    // up to the first wide gap from the top, and from the bottom up to the first wide gap.
    // A page that is all header is not one: there must be text beyond the gap.
    const apart = (k: number, next: number): boolean => {
      const a = rows[k]
      const b = rows[next]
      return a !== undefined && b !== undefined && Math.abs(b[0] - a[0]) > 1.6 * Math.max(a[1], b[1])
    }
    const top = new Set<number>()
    for (let k = 0; k < Math.min(MARGIN_ROWS, rows.length); k++) {
      if (rows[k]![0] > height * MARGIN_SHARE) break
      if (apart(k, k + 1)) {
        for (let j = 0; j <= k; j++) top.add(rows[j]![0])
        break
      }
    }
    const bottom = new Set<number>()
    for (let k = rows.length - 1; k >= Math.max(0, rows.length - MARGIN_ROWS); k--) {
      if (rows[k]![0] < height * (1 - MARGIN_SHARE)) break
      if (apart(k, k - 1)) {
        for (let j = k; j < rows.length; j++) bottom.add(rows[j]![0])
        break
      }
    }
    return lines.filter((l) => top.has(round(l.y, 1)) || bottom.has(round(l.y, 1)))
  })
  const counts = new Map<string, number>()
  for (const lines of candidates) {
    const seen = new Set<string>()
    for (const l of lines) seen.add(`${marginKey(l.text)}@${Math.round(l.y / 6)}`)
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const needed = Math.max(2, Math.ceil(pages.length * 0.5))
  let removed = 0
  const out = pages.map((lines, p) => {
    const margin = new Set(candidates[p])
    return lines.filter((l) => {
      if (!margin.has(l)) return true
      const key = `${marginKey(l.text)}@${Math.round(l.y / 6)}`
      const near = (d: number): number => counts.get(`${marginKey(l.text)}@${Math.round(l.y / 6) + d}`) ?? 0
      const repeated = pages.length >= 2 && Math.max(counts.get(key) ?? 0, near(-1), near(1)) >= needed
      const number = PAGE_NUMBER.exec(l.text)
      const pageNumber = number !== null && (number[2] !== undefined || Number(number[1]) <= totalPages + 10 || / of |\//u.test(l.text))
      if (repeated || pageNumber) {
        removed++
        return false
      }
      return true
    })
  })
  return { pages: out, removed }
}

// ---------------------------------------------------------------------------
// Columns

function percentile(values: number[], share: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(share * (sorted.length - 1)))]!
}

/**
 * The x of a gutter between two columns, or null. Columns show as rows split in two at the
 * same x: at least three rows whose parts leave that x free on both sides, with real text
 * on either side (not a column of labels). Lines that run across it separate bands of columns.
 */
export function findGutter(lines: readonly PdfLine[]): number | null {
  if (lines.length < 6) return null
  const left = Math.min(...lines.map((l) => l.x0))
  const right = Math.max(...lines.map((l) => l.x1))
  const width = right - left
  if (width <= 0) return null
  const byRow = new Map<number, PdfLine[]>()
  for (const l of lines) {
    const row = byRow.get(Math.round(l.y)) ?? []
    row.push(l)
    byRow.set(Math.round(l.y), row)
  }
  // Each gap between two parts of a row, as an interval of x.
  const gaps: Array<[number, number]> = []
  for (const row of byRow.values()) {
    if (row.length < 2) continue
    row.sort((a, b) => a.x0 - b.x0)
    for (let k = 1; k < row.length; k++) gaps.push([row[k - 1]!.x1, row[k]!.x0])
  }
  if (gaps.length < 3) return null
  let best: { at: number; rows: number } | null = null
  for (const [from, to] of gaps) {
    const at = (from + to) / 2
    if (at < left + 0.2 * width || at > left + 0.8 * width) continue
    const rows = gaps.filter(([a, b]) => a <= at && at <= b).length
    if (!best || rows > best.rows) best = { at, rows }
  }
  if (!best || best.rows < 3) return null
  const gutter = best.at
  const widths = (side: PdfLine[]): number => percentile(side.map((l) => l.x1 - l.x0), 0.5)
  const before = lines.filter((l) => l.x1 <= gutter)
  const after = lines.filter((l) => l.x0 >= gutter)
  if (before.length < 3 || after.length < 3 || widths(before) < 0.2 * width || widths(after) < 0.2 * width) return null
  return gutter
}

/**
 * A page's lines in reading order: where a gutter splits the page, each band between lines
 * that run across it is read left column first, then right (columns nest: a column may be
 * split again).
 */
export function readingOrder(lines: readonly PdfLine[], depth = 0, column = 0): PdfLine[] {
  const byY = [...lines].sort((a, b) => a.y - b.y || a.x0 - b.x0)
  const gutter = depth < 2 ? findGutter(byY) : null
  if (gutter === null) return byY.map((l) => ({ ...l, column }))
  const out: PdfLine[] = []
  let left: PdfLine[] = []
  let rightSide: PdfLine[] = []
  let next = column + 1
  const flush = (): void => {
    if (left.length > 0) out.push(...readingOrder(left, depth + 1, next++))
    if (rightSide.length > 0) out.push(...readingOrder(rightSide, depth + 1, next++))
    left = []
    rightSide = []
  }
  // Rows with text on both sides are the columns; a line on one side belongs to them while
  // it follows on from the line above it on that side (a heading above or below does not).
  const paired = new Set<number>()
  const sides = new Map<number, number>()
  for (const line of byY) {
    const side = line.x1 <= gutter ? 1 : line.x0 >= gutter ? 2 : 0
    const row = Math.round(line.y)
    sides.set(row, (sides.get(row) ?? 0) | side)
  }
  for (const [row, mask] of sides) if (mask === 3) paired.add(row)
  let lastLeft = -Infinity
  let lastRight = -Infinity
  for (const line of byY) {
    const side = line.x1 <= gutter ? 'left' : line.x0 >= gutter ? 'right' : null
    const last = side === 'left' ? lastLeft : lastRight
    if (side && (paired.has(Math.round(line.y)) || line.y - last <= 1.6 * line.size)) {
      if (side === 'left') {
        left.push(line)
        lastLeft = line.y
      } else {
        rightSide.push(line)
        lastRight = line.y
      }
      continue
    }
    flush()
    lastLeft = -Infinity
    lastRight = -Infinity
    out.push({ ...line, column: next++ })
  }
  flush()
  return out
}

// ---------------------------------------------------------------------------
// Paragraphs

// First elements of compounds that keep their hyphen when a line breaks after it
// ("non-\nnuclear" is "non-nuclear"); other lower-case words broken at a hyphen are joined.
const COMPOUND_FIRST = new Set(
  ('anti|co|cross|counter|long|short|high|low|full|half|self|well|non|post|pre|pro|multi|semi|so|vice|ex|neo|mid|' +
    'quasi|one|two|three|four|five|six|ten|first|second|third|state|government|market|middle|small|large|top|end|year|' +
    'decision|policy|cost|risk|time|de|re|un|sub|inter|intra|trans|super|under|over|out|all|ill|far|near|war|peace|north|south|east|west')
    .split('|'),
)
// Only "co", "de", "re", "un", "sub", "inter", "intra", "trans", "super", "under", "over" are prefixes that also
// join without a hyphen; they stay hyphenated only when the document spells them so elsewhere.
const JOINING_PREFIXES = new Set(['co', 'de', 're', 'un', 'sub', 'inter', 'intra', 'trans', 'super', 'under', 'over', 'out'])

const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]$/u
const CJK_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u

/** Words of the document, for deciding line-end hyphens by how it spells them elsewhere. */
export function wordSet(lines: Iterable<PdfLine>): Set<string> {
  const words = new Set<string>()
  for (const line of lines) {
    const parts = line.text.split(/\s+/u)
    // A line's last word may be a fragment ("coop-"); it is not evidence.
    for (let k = 0; k < parts.length - 1; k++) {
      // The trailing run only after a letter: a run of symbols is not tried from each of its characters.
      const w = parts[k]!.replace(/^[^\p{L}]+|(?<=\p{L})[^\p{L}]+$/gu, '').toLowerCase()
      if (w.length > 1) words.add(w)
    }
  }
  return words
}

/** Joins a line to the text before it: a space, nothing (CJK), or a hyphenated word made whole. */
export function joinLines(before: string, after: string, words: ReadonlySet<string>): string {
  if (before.endsWith('\u00ad')) return before.slice(0, -1) + after
  // Only the end of the text so far matters; a paragraph can run for pages.
  const end = before.slice(-300)
  const hyphen = /(\p{L}{1,60})[-‐]$/u.exec(end)
  if (hyphen) {
    const head = hyphen[1]!
    const tail = /^\p{L}+/u.exec(after)?.[0] ?? ''
    const lowerJoin = /\p{Ll}$/u.test(head) && /^\p{Ll}/u.test(tail)
    if (!lowerJoin) return before + after
    const h = head.toLowerCase()
    const t = tail.toLowerCase()
    if (words.has(`${h}-${t}`)) return before + after
    if (words.has(h + t)) return before.slice(0, -1) + after
    if (COMPOUND_FIRST.has(h) && !JOINING_PREFIXES.has(h)) return before + after
    return before.slice(0, -1) + after
  }
  // An address broken after a slash or dot runs on: "https://" + "example.org/a".
  if (/(?:^|\s)(?:https?:|www\.)\S{0,250}[/.\-_?=&#]$/u.test(end) && /^[\w.-]+[./]/u.test(after)) return before + after
  // A dash set close ("word—") runs on; one set apart ("word –") keeps its space.
  if (/\S[-–—]$/u.test(end)) return before + after
  if (CJK_END.test(end) && CJK_START.test(after)) return before + after
  return `${before} ${after}`
}

interface OpenBlock {
  page: number
  pageBreaks: Array<{ at: number; page: number }>
  lines: PdfLine[]
  text: string
  size: number
  bullet: boolean
  listItem: boolean
  /** Where the lines after the first start. */
  bodyX: number
}

function isListStart(line: PdfLine): boolean {
  if (line.bullet) return true
  const marker = lineMarker(line.text)
  return marker !== null && marker.role !== 'section'
}

/** Typical distance between the baselines of one paragraph, per font size. */
function leadings(lines: readonly PdfLine[]): Map<number, number> {
  const gaps = new Map<number, Map<number, number>>()
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!
    const b = lines[i]!
    if (a.page !== b.page || a.column !== b.column || Math.abs(a.size - b.size) > 0.05 * a.size) continue
    const gap = b.y - a.y
    if (gap <= 0 || gap > 3 * a.size) continue
    const size = round(a.size)
    const bySize = gaps.get(size) ?? new Map<number, number>()
    bySize.set(round(gap), (bySize.get(round(gap)) ?? 0) + 1)
    gaps.set(size, bySize)
  }
  const out = new Map<number, number>()
  for (const [size, counts] of gaps) out.set(size, mode(counts) ?? size * 1.2)
  return out
}

/**
 * The right edge text runs to, per page and column: a line that stops well short of it ended
 * on purpose. A column of a few lines (a page's last lines) takes the edge of the columns
 * that start where it starts on other pages.
 */
function rightEdges(lines: readonly PdfLine[]): Map<string, number> {
  const byColumn = new Map<string, PdfLine[]>()
  const byStart = new Map<number, number[]>()
  for (const l of lines) {
    const key = `${l.page}:${l.column}`
    const list = byColumn.get(key) ?? []
    list.push(l)
    byColumn.set(key, list)
  }
  const startOf = (list: PdfLine[]): number => Math.round(percentile(list.map((l) => l.x0), 0.1) / 10)
  for (const list of byColumn.values()) {
    const start = byStart.get(startOf(list)) ?? []
    for (const l of list) start.push(l.x1)
    byStart.set(startOf(list), start)
  }
  const out = new Map<string, number>()
  for (const [key, list] of byColumn) {
    const local = percentile(list.map((l) => l.x1), 0.9)
    out.set(key, list.length >= 5 ? local : Math.max(local, percentile(byStart.get(startOf(list)) ?? [], 0.9)))
  }
  return out
}

/** The line stopped although the next line's first word would have fit after it. */
function endedEarly(line: PdfLine, next: PdfLine, edge: number): boolean {
  // A word broken at a hyphen goes on, however short the line: hyphenation chose the break.
  if (/\p{L}[-‐\u00ad]$/u.test(line.text) && /^\p{L}/u.test(next.text)) return false
  const first = next.text.split(' ')[0] ?? ''
  const charWidth = (next.x1 - next.x0) / Math.max(next.text.length, 1)
  return line.x1 + (first.length + 1) * charWidth < edge - 0.5 * charWidth
}

/**
 * Joins lines into blocks (paragraphs, list items, headings). A new block starts at a list
 * marker or drawn bullet, a change of font size, a wider gap than the paragraph's line
 * spacing, an indented first line, or after a line that ended early (the next word would have
 * fit). At a page or column break a paragraph runs on when its last line ran full.
 */
export function blocksOf(lines: readonly PdfLine[], words: ReadonlySet<string>): LayoutBlock[] {
  const leading = leadings(lines)
  const edges = rightEdges(lines)
  const blocks: LayoutBlock[] = []
  let open: OpenBlock | null = null
  const close = (): void => {
    if (open) blocks.push({ page: open.page, pageBreaks: open.pageBreaks, text: open.text, size: open.size, lines: open.lines.length, bullet: open.bullet, listItem: open.listItem })
    open = null
  }
  for (const line of lines) {
    const current = open as OpenBlock | null
    const previous = current?.lines[current.lines.length - 1]
    let continues = false
    if (current && previous) {
      const tolerance = 0.8 * line.size
      const flowBreak = previous.page !== line.page || previous.column !== line.column
      const sameSize = Math.abs(previous.size - line.size) <= 0.08 * Math.max(previous.size, line.size)
      const edge = edges.get(`${previous.page}:${previous.column}`) ?? previous.x1
      const early = endedEarly(previous, line, edge)
      const marker = isListStart(line) || lineMarker(line.text)?.role === 'section'
      // The second line of a paragraph may start left of the first (an indented first line) or
      // right of it (a hanging indent, as in a bibliography); after that, lines share their start.
      const second = current.lines.length === 1 && !current.listItem && line.x0 - previous.x0 <= 4 * line.size
      const aligned = Math.abs(line.x0 - current.bodyX) <= tolerance || second
      if (!sameSize || marker || early) continues = false
      else if (flowBreak) continues = aligned || Math.abs(line.x0 - current.bodyX) <= 3 * tolerance
      else {
        const gap = line.y - previous.y
        const spacing = current.lines.length >= 2 ? current.lines[1]!.y - current.lines[0]!.y : (leading.get(round(line.size)) ?? 1.2 * line.size)
        continues = gap > 0 && gap <= spacing * 1.15 + 0.5 && aligned
      }
    }
    if (continues && current) {
      current.text = joinLines(current.text, line.text, words)
      // Whatever the join did to the line before, this line's text ends the block unchanged.
      if (line.page !== previous!.page) current.pageBreaks.push({ at: current.text.length - line.text.length, page: line.page })
      if (current.lines.length === 1 && !current.listItem) current.bodyX = line.x0
      current.lines.push(line)
      continue
    }
    close()
    const listItem = isListStart(line)
    open = { page: line.page, pageBreaks: [], lines: [line], text: line.text, size: line.size, bullet: line.bullet, listItem, bodyX: listItem ? line.textX : line.x0 }
  }
  close()
  return blocks
}

/** The size most characters of the document are set in. */
export function bodySize(blocks: readonly LayoutBlock[]): number {
  const weights = new Map<number, number>()
  for (const b of blocks) weights.set(round(b.size), (weights.get(round(b.size)) ?? 0) + b.text.length)
  return mode(weights) ?? 10
}

/** A short block set larger than the body text, not a sentence: a heading. */
export function isHeadingBlock(block: LayoutBlock, body: number): boolean {
  return (
    !block.listItem && block.lines <= 3 && block.text.length <= 150 && block.size >= body * 1.12 &&
    !endsSentence(block.text) && !/[,;:]$/u.test(block.text) && /\p{L}/u.test(block.text)
  )
}

// "June 2, 2025", "2025. 6. 2.", "2 June 2025", "2025-06-02": a line that is a date and nothing more.
// A month name must end where its letters end, so no string of letters can be split into months in many ways.
const DATE_ONLY = /^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}(?![a-z])\.?|[\d\s.,/年月日-]){1,30}$/iu

export function isDateOnly(text: string): boolean {
  return text.length <= 30 && /\d{4}/u.test(text) && DATE_ONLY.test(text.trim())
}
