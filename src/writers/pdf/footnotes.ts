import type { Content } from './context.js'
import { loadPdfStack, type Patchable } from './load.js'

// pdfmake has no footnotes. They are built on its internals (pdfmake 0.3), as TeX builds them:
// - when a line (or an unbreakable block) with note marks is placed, it must fit together with
//   its notes, and the page's bottom margin grows by the notes' height: the body stops above
//   them, and pdfmake's footer area (the bottom margin) holds them above the footer text;
// - each note's height is measured first, by laying it out alone at the page's width;
// - after the layout, every page is checked: a page whose notes need more room than it kept
//   (marks placed where the hooks do not see them, as in table cells) starts the next layout
//   with that room kept from its top, until all fit.
// A line whose notes cannot fit even on an empty page fails the plan, and the writer falls back
// to endnotes.

/** Where a note mark links: the footnote at the foot of the page. */
export const footnoteTarget = (note: number): string => `fn-${note}`
const TARGET = /^fn-(\d+)$/

const MAX_PASSES = 12

/** How the footnotes of one document are laid out, attached to its footer function. */
export interface FootnotePlan {
  /** The template's bottom margin, in points. */
  baseBottom: number
  /** The page's height, in points. */
  pageHeight: number
  topMargin: number
  /** A footnote's content (built fresh on each call: pdfmake mutates what it lays out). */
  note(note: number): Content
  /** The rule above the notes, `extraTop` points lower than its own spacing. */
  separator(extraTop: number): Content
  /** Set when a line's notes cannot fit even on an empty page. */
  failed: boolean
}

const PLAN = Symbol.for('briefkit.footnotePlan')

interface Page {
  items: Array<{ type: string; item: { inlines?: Array<{ linkToDestination?: string | null }> } }>
}

interface Layout {
  plan: FootnotePlan
  heights: Map<number, number>
  /** Per page: room kept from the page's top (learned by earlier layouts). */
  floor: number[]
  /** Per page: room taken by notes placed so far. */
  taken: number[]
  /** Per page: the notes placed so far. */
  placed: Array<Set<number>>
  pages: Page[] | null
  /** The document's own context (not a header's, footer's or unbreakable block's). */
  main: object | null
}

// The layout in progress. pdfmake lays out synchronously, from the call of layoutDocument to
// its return, so one slot serves concurrent builds.
let active: Layout | null = null

/** Attaches a plan to the document's footer function, which is where pdfmake passes it on. */
export function withPlan<T extends object>(footer: T, plan: FootnotePlan): T {
  Object.defineProperty(footer, PLAN, { value: plan })
  return footer
}

/** The notes of a page and its spare reserved room, for the footer being laid out. */
export function footnotesOfPage(pageIndex: number): { notes: number[]; spare: number } {
  if (!active?.pages) return { notes: [], spare: 0 }
  const notes = marksOn(active.pages[pageIndex])
  return { notes, spare: Math.max(0, kept(active, pageIndex) - notesHeight(notes, active.heights)) }
}

/** The room a page keeps for its notes. */
function kept(layout: Layout, page: number): number {
  return Math.max(layout.floor[page] ?? 0, layout.taken[page] ?? 0)
}

let installed: boolean | null = null

/**
 * Patches pdfmake once; false when its internals are not what this code knows (the writer
 * then prints endnotes).
 */
export function installFootnoteLayout(): boolean {
  if (installed !== null) return installed
  installed = false
  let LayoutBuilder: Patchable | undefined, DocumentContext: Patchable | undefined, ElementWriter: Patchable | undefined
  try {
    ;({ LayoutBuilder, DocumentContext, ElementWriter } = loadPdfStack())
  } catch {
    return false
  }
  if (!LayoutBuilder?.prototype || !DocumentContext?.prototype || !ElementWriter?.prototype) return false
  const { layoutDocument, tryLayoutDocument } = LayoutBuilder.prototype
  const { initializePage } = DocumentContext.prototype
  const { addLine, addFragment } = ElementWriter.prototype
  if (!layoutDocument || !tryLayoutDocument || !initializePage || !addLine || !addFragment) return false

  // pdfmake lays the document out again from scratch when its page-break check asks for it:
  // each try starts with nothing placed, in a new context.
  LayoutBuilder.prototype.tryLayoutDocument = function (this: unknown, ...args: unknown[]) {
    if (active) Object.assign(active, { taken: [], placed: [], pages: null, main: null })
    return tryLayoutDocument.apply(this, args)
  }

  DocumentContext.prototype.initializePage = function (this: ContextLike) {
    const page = this.pages[this.page]
    if (active && isMain(active, this, page)) {
      active.pages = this.pages
      const bottom = active.plan.baseBottom + kept(active, this.page)
      if (this.pageMargins && this.pageMargins.bottom !== bottom) {
        this.pageMargins = { ...this.pageMargins, bottom }
        page!.pageMargins = this.pageMargins
      }
    }
    return initializePage.call(this)
  }

  // A line, or an unbreakable block, goes where it fits with its notes, or to the next page.
  const place = (original: Function, measure: (thing: never) => { height: number; notes: number[] }) =>
    function (this: { context(): ContextLike }, ...args: unknown[]) {
      const layout = active
      const context = this.context()
      if (!layout || !isMain(layout, context, context.pages[context.page])) return original.apply(this, args)
      const { height, notes } = measure(args[0] as never)
      const placed = (layout.placed[context.page] ??= new Set())
      const fresh = notes.filter((n) => !placed.has(n))
      const taken = layout.taken[context.page] ?? 0
      const needed = fresh.length ? notesHeight(fresh, layout.heights) - (taken ? (layout.heights.get(0) ?? 0) : 0) : 0
      const extra = Math.max(0, taken + needed - kept(layout, context.page))
      if (extra && context.availableHeight < height + extra) {
        if (context.y > (context.pageMargins?.top ?? 0) + 1) return false
        layout.plan.failed = true
      }
      const position = original.apply(this, args)
      if (position && fresh.length) {
        for (const n of fresh) placed.add(n)
        layout.taken[context.page] = taken + needed
        if (extra) {
          context.availableHeight -= extra
          context.pageMargins = { ...context.pageMargins!, bottom: context.pageMargins!.bottom + extra }
          context.pages[context.page]!.pageMargins = context.pageMargins
        }
      }
      return position
    }
  ElementWriter.prototype.addLine = place(addLine, (line: LineLike) => ({ height: line.getHeight(), notes: notesOf(line.inlines) }))
  ElementWriter.prototype.addFragment = place(addFragment, (block: { height: number; items: Page['items'] }) => ({ height: block.height, notes: marksOn(block) }))

  LayoutBuilder.prototype.layoutDocument = function (this: unknown, ...args: unknown[]) {
    const footer = args[6] as { [PLAN]?: FootnotePlan } | undefined
    const plan = footer?.[PLAN]
    if (!plan || active) return layoutDocument.apply(this, args)
    const heights = measureNotes.call(this, layoutDocument as LayoutFn, args, plan)
    const floor: number[] = []
    for (let pass = 0; ; pass++) {
      const layout: Layout = { plan, heights, floor, taken: [], placed: [], pages: null, main: null }
      active = layout
      let pages: Page[]
      try {
        pages = layoutDocument.apply(this, args) as Page[]
      } finally {
        active = null
      }
      let short = false
      pages.forEach((page, i) => {
        const needed = notesHeight(marksOn(page), heights)
        if (needed > kept(layout, i) + 0.5) {
          floor[i] = Math.ceil(needed)
          short = true
        }
      })
      if (!short || plan.failed) return pages
      if (pass === MAX_PASSES) {
        plan.failed = true
        return pages
      }
    }
  }
  installed = true
  return true
}

/** Whether a context is the document's own: the first one laid out on a page of the document's size. */
function isMain(layout: Layout, context: object, page: { pageSize?: { orientation?: string } } | undefined): boolean {
  if (layout.main) return layout.main === context
  // Headers, footers, backgrounds and unbreakable blocks are laid out in contexts of their
  // own, whose pages have no orientation; the document's first page comes before them all.
  if (!page?.pageSize?.orientation) return false
  layout.main = context
  return true
}

interface LineLike {
  getHeight(): number
  inlines?: Array<{ linkToDestination?: string | null }>
}

interface ContextLike {
  page: number
  pages: Array<Page & { pageMargins?: unknown; pageSize?: { orientation?: string } }>
  pageMargins?: { top: number; right: number; bottom: number; left: number }
  y: number
  availableHeight: number
}

type LayoutFn = (this: unknown, ...args: unknown[]) => Array<{ items: unknown[] }>

/**
 * Each note's height at the page's width, by laying every note out alone at the top of a page
 * with a marker line after it (the marker's top is where the note ends). The rule above the
 * notes is measured as note 0.
 */
function measureNotes(this: unknown, layoutDocument: LayoutFn, args: unknown[], plan: FootnotePlan): Map<number, number> {
  const numbers = new Set<number>()
  const content = args[0]
  collectMarks(content, numbers, new Set())
  const heights = new Map<number, number>()
  if (!numbers.size) return heights
  const order = [0, ...[...numbers].sort((a, b) => a - b)]
  const ends = order.map(() => ({ text: ' ', fontSize: 1, lineHeight: 1 }) as Content & { positions?: Array<{ top: number }> })
  const doc = order.map((n, i) => ({ stack: [n ? plan.note(n) : plan.separator(0), ends[i]], ...(i ? { pageBreak: 'before' } : {}) }))
  const [, pdfDocument, styles, defaultStyle] = args
  layoutDocument.call(this, doc, pdfDocument, styles, defaultStyle)
  order.forEach((n, i) => {
    const top = ends[i]!.positions?.[0]?.top
    heights.set(n, top === undefined ? plan.pageHeight : top - plan.topMargin)
  })
  return heights
}

/** The height of a page's notes with the rule above them (measured as note 0). */
function notesHeight(notes: number[], heights: Map<number, number>): number {
  return notes.length ? notes.reduce((sum, n) => sum + (heights.get(n) ?? 0), heights.get(0) ?? 0) : 0
}

/** The note numbers whose marks are in the content, found by their link targets. */
function collectMarks(node: unknown, into: Set<number>, seen: Set<object>): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return
  seen.add(node)
  if (Array.isArray(node)) {
    for (const child of node) collectMarks(child, into, seen)
    return
  }
  const record = node as Record<string, unknown>
  const target = record.linkToDestination
  if (typeof target === 'string') {
    const m = TARGET.exec(target)
    if (m) into.add(Number(m[1]))
  }
  for (const key of ['text', 'stack', 'columns', 'ul', 'ol', 'table', 'body']) collectMarks(record[key], into, seen)
}

/** The note numbers marked on a laid-out page (or an unbreakable block), in order, each once. */
function marksOn(page: Page | undefined): number[] {
  const out = new Set<number>()
  for (const item of page?.items ?? []) {
    if (item.type === 'line') for (const n of notesOf(item.item.inlines)) out.add(n)
  }
  // Lines of tables and columns are not stored in reading order; notes are numbered in it.
  return [...out].sort((a, b) => a - b)
}

function notesOf(inlines: Array<{ linkToDestination?: string | null }> | undefined): number[] {
  const out: number[] = []
  for (const inline of inlines ?? []) {
    const m = inline.linkToDestination ? TARGET.exec(inline.linkToDestination) : null
    if (m) out.push(Number(m[1]))
  }
  return out
}
