import { existsSync, openSync, readSync, closeSync } from 'node:fs'
import { extname } from 'node:path'
import type { Code, Heading, Image, List, Paragraph, RootContent, Table } from 'mdast'
import { checkPath } from '../../library/boundary.js'
import type { Content, PdfContext } from './context.js'
import { phrasingRuns, plain, quotedClaimRuns, toInlines, type Run } from './inline.js'

/** Counters and ids carried through the body: heading numbers and the bookmark tree. */
export interface BlockState {
  /** The number of the current heading at each depth (index 1–6). */
  counters: number[]
  /** The id of the current heading at each depth, for nesting bookmarks. */
  headingIds: Array<string | null>
  nextId: number
}

export function blockState(): BlockState {
  return { counters: [0, 0, 0, 0, 0, 0, 0], headingIds: [null, null, null, null, null, null, null], nextId: 0 }
}

/** Sizes of headings by depth, as multiples of the body size. */
const HEADING_SCALE = [0, 1.7, 1.35, 1.12, 1.02, 1, 1]

// What kind of block a content node is, for keeping a heading with what follows it.
const kinds = new WeakMap<Content, 'heading' | 'paragraph' | 'list'>()

// Lists and block quotes nest this deep at most; deeper ones are set flat (their blocks one
// after the other), as no page is wide enough for them and pdfmake's layout grows with depth.
const MAX_NEST = 8

/**
 * mdast blocks as pdfmake content. `tight`: paragraphs of a tight list item, close together;
 * `nest`: how many lists and block quotes hold these blocks.
 */
export function blocks(nodes: readonly RootContent[], ctx: PdfContext, state: BlockState, listDepth = 0, tight = false, nest = 0): Content[] {
  const out: Content[] = []
  for (const node of nodes) {
    const content = block(node, ctx, state, listDepth, tight, nest)
    if (content) out.push(content)
  }
  return keepHeadingsWithNext(out)
}

/** The blocks inside lists and block quotes, in order, without them (no recursion: any depth). */
function flatten(nodes: readonly RootContent[]): RootContent[] {
  const out: RootContent[] = []
  const stack: RootContent[] = [...nodes].reverse()
  while (stack.length) {
    const node = stack.pop()!
    if (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote') {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!)
    } else out.push(node)
  }
  return out
}

function block(node: RootContent, ctx: PdfContext, state: BlockState, listDepth: number, tight: boolean, nest: number): Content | null {
  const gap = ctx.settings.fonts.size * 0.6
  if ((node.type === 'list' || node.type === 'blockquote') && nest >= MAX_NEST) return { stack: blocks(flatten([node]), ctx, state, listDepth, true, nest) }
  switch (node.type) {
    case 'heading':
      return heading(node, ctx, state)
    case 'paragraph':
      return paragraph(node, ctx, tight ? 2 : gap)
    case 'list':
      return list(node, ctx, state, listDepth, nest)
    case 'blockquote':
      return quoteBox(blocks(node.children, ctx, state, listDepth, true, nest + 1), ctx)
    case 'table':
      return table(node, ctx)
    case 'code':
      return codeBlock(node, ctx)
    case 'thematicBreak':
      return rule(ctx, [0, gap, 0, gap * 1.5])
    case 'html':
      return { text: toInlines([{ text: node.value, code: true }], ctx), margin: [0, 0, 0, gap] }
    case 'footnoteDefinition': {
      const body = blocks(node.children, ctx, state, listDepth, true, nest + 1)
      return { columns: [{ width: 18, text: toInlines([{ text: node.label ?? node.identifier, sup: true }], ctx) }, { width: '*', stack: body }], fontSize: ctx.settings.fonts.size * 0.85, margin: [0, 0, 0, 2] }
    }
    case 'claimRef':
    case 'cite':
      return { text: toInlines(phrasingRuns([node], ctx), ctx), margin: [0, 0, 0, gap] }
    default:
      // yaml, definitions, directives: nothing to print.
      return null
  }
}

/** A paragraph; a quoted claim alone in its paragraph is a block quote, as in the Markdown. */
function paragraph(node: Paragraph, ctx: PdfContext, gap: number): Content | null {
  const only = node.children.length === 1 ? node.children[0] : undefined
  if (only?.type === 'claimRef' && only.quote) {
    const runs = quotedClaimRuns(only, ctx)
    if (runs) return quoteBox([{ text: toInlines(runs, ctx) }], ctx)
  }
  if (only?.type === 'image') {
    const image = imageBlock(only, ctx)
    if (image) return image
  }
  const runs = phrasingRuns(node.children, ctx)
  if (!plain(runs).trim()) return null
  const content: Content = { text: toInlines(runs, ctx), margin: [0, 0, 0, gap] }
  kinds.set(content, 'paragraph')
  return content
}

function heading(node: Heading, ctx: PdfContext, state: BlockState): Content {
  const depth = node.depth
  state.counters[depth] = (state.counters[depth] ?? 0) + 1
  for (let d = depth + 1; d < state.counters.length; d++) state.counters[d] = 0
  const id = `heading-${++state.nextId}`
  let parent: string | null = null
  for (let d = depth - 1; d >= 1 && parent === null; d--) parent = state.headingIds[d] ?? null
  state.headingIds[depth] = id
  for (let d = depth + 1; d < state.headingIds.length; d++) state.headingIds[d] = null

  const marker = headingMarker(ctx.settings.headingMarkers[depth], state.counters, depth)
  const runs = phrasingRuns(node.children, ctx, { bold: true })
  const size = ctx.settings.fonts.size * (HEADING_SCALE[depth] ?? 1)
  const markerRuns: Run[] = marker ? [{ text: marker.text, bold: true, ...(marker.glyph ? { color: ctx.settings.colors.accent } : {}) }, { text: marker.glyph ? '  ' : ' ' }] : []
  const content: Content = {
    text: toInlines([...markerRuns, ...runs], ctx, 1.2),
    id,
    fontSize: size,
    lineHeight: 1.2,
    color: ctx.settings.colors.headings,
    margin: [0, depth <= 2 ? size * 0.9 : size * 0.6, 0, size * 0.35],
    outline: true,
    // Bookmarks keep a section's number, not its glyph.
    outlineText: `${marker && !marker.glyph ? `${marker.text} ` : ''}${plain(runs)}`,
    ...(parent ? { outlineParentId: parent } : {}),
    headlineLevel: depth,
  }
  // The report's contents list sections and subsections.
  if (ctx.settings.layout === 'report' && depth <= 3) content.tocItem = true
  if (ctx.settings.layout === 'report' && depth === 3) content.tocMargin = [14, 0, 0, 0]
  kinds.set(content, 'heading')
  return content
}

const COUNTER = /1|a|A|i|I|가|①/gu
// Letters and digits left once the counters are taken out make a marker text, not a pattern.
const LETTER_OR_DIGIT = /[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u2160-\u2188\u2460-\u24ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u
const HANGUL_COUNTERS = '가나다라마바사아자차카타파하'

/**
 * A heading's marker: a glyph (`■`) as it is, or a numbering pattern filled in from the
 * counters: in `1.1` the last counter is this level's, the ones before are its parents'.
 */
export function headingMarker(pattern: string | undefined, counters: readonly number[], depth: number): { text: string; glyph: boolean } | null {
  if (!pattern) return null
  const tokens = pattern.match(COUNTER) ?? []
  if (!tokens.length || LETTER_OR_DIGIT.test(pattern.replace(COUNTER, ''))) return { text: pattern, glyph: true }
  let k = depth - tokens.length
  const text = pattern.replace(COUNTER, (kind) => formatCounter(counters[++k] ?? 0, kind))
  return { text, glyph: false }
}

export function formatCounter(n: number, kind: string): string {
  if (n <= 0) return '0'
  switch (kind) {
    case 'a':
    case 'A': {
      let s = ''
      for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) s = String.fromCharCode(97 + ((v - 1) % 26)) + s
      return kind === 'A' ? s.toUpperCase() : s
    }
    case 'i':
    case 'I': {
      if (n >= 4000) return String(n)
      const numerals: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]
      let s = ''
      let v = n
      for (const [value, numeral] of numerals) for (; v >= value; v -= value) s += numeral
      return kind === 'I' ? s.toUpperCase() : s
    }
    case '가':
      return n <= HANGUL_COUNTERS.length ? HANGUL_COUNTERS[n - 1]! : String(n)
    case '①':
      return n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`
    default:
      return String(n)
  }
}

// Ordered list numbers by nesting level.
const ORDERED = ['1.', '1)', 'a)', 'i)']

function list(node: List, ctx: PdfContext, state: BlockState, depth: number, nest: number): Content {
  const size = ctx.settings.fonts.size
  const indent = size * 1.6
  const tight = node.spread !== true
  const items = node.children.map((item, i): Content => {
    let marker: Content
    if (node.ordered) {
      const pattern = ORDERED[Math.min(depth, ORDERED.length - 1)]!
      const n = (node.start ?? 1) + i
      marker = { text: toInlines([{ text: pattern.replace(/1|a|i/, (kind) => formatCounter(n, kind)) }], ctx), alignment: 'left' }
    } else {
      marker = bulletMarker(ctx.settings.bullets[Math.min(depth, ctx.settings.bullets.length - 1)] ?? '•', ctx)
    }
    const body = blocks(item.children, ctx, state, depth + 1, tight, nest + 1)
    // A task: □ or ▣ (the fonts have no ☐ ☑) before its first paragraph.
    const first = body[0]
    if (typeof item.checked === 'boolean' && first && Array.isArray(first.text)) first.text = [...toInlines([{ text: item.checked ? '▣ ' : '□ ' }], ctx), ...(first.text as Content[])]
    const width = node.ordered ? Math.max(indent, size * (0.6 * String((node.start ?? 1) + node.children.length).length + 0.9)) : indent
    return { columns: [{ width, ...marker }, { width: '*', stack: body }], columnGap: 0, margin: [0, 0, 0, tight ? 1 : size * 0.4] }
  })
  const content: Content = { stack: items, margin: [0, 0, 0, depth === 0 ? size * 0.6 : 0] }
  kinds.set(content, 'list')
  return content
}

/** A bullet: a glyph from the fonts, or ❍ (which none has) drawn as a shadowed circle. */
function bulletMarker(glyph: string, ctx: PdfContext): Content {
  const size = ctx.settings.fonts.size
  if (glyph === '❍') {
    // Centred on the capitals' middle (Noto's baseline is 0.88 em below the line's top, capitals 0.73 em tall).
    const r = size * 0.3
    const cx = size * 0.38
    const cy = size * 0.52
    return {
      canvas: [
        { type: 'ellipse', x: cx + r * 0.3, y: cy + r * 0.3, r1: r, r2: r, color: '#8a8a8a' },
        { type: 'ellipse', x: cx, y: cy, r1: r, r2: r, color: '#ffffff', lineColor: ctx.settings.colors.text, lineWidth: 0.6 },
      ],
    }
  }
  return { text: toInlines([{ text: glyph, color: ctx.settings.colors.accent }], ctx) }
}

/** Text set off with a rule on its left. */
export function quoteBox(stack: Content[], ctx: PdfContext, fill?: string): Content {
  const size = ctx.settings.fonts.size
  return {
    table: { widths: ['*'], body: [[{ stack, ...(fill ? { fillColor: fill } : {}) }]] },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => (i === 0 ? 2 : 0),
      vLineColor: () => ctx.settings.colors.rules,
      paddingLeft: () => size,
      paddingRight: () => (fill ? size : 0),
      paddingTop: () => (fill ? size * 0.6 : 2),
      paddingBottom: () => (fill ? size * 0.4 : 0),
    },
    margin: [0, 2, 0, size * 0.9],
  }
}

function codeBlock(node: Code, ctx: PdfContext): Content {
  const inlines = toInlines([{ text: node.value, code: true }], ctx, 1.15)
  for (const inline of inlines) delete inline.background
  return {
    table: { widths: ['*'], body: [[{ text: inlines, preserveLeadingSpaces: true, fontSize: ctx.settings.fonts.size * 0.9, fillColor: '#f4f4f4' }]] },
    layout: 'noBorders',
    margin: [0, 0, 0, ctx.settings.fonts.size * 0.8],
  }
}

/** A line across the text column. */
export function rule(ctx: PdfContext, margin: [number, number, number, number], width = 0.5, color = ctx.settings.colors.rules): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: ctx.contentWidth, y2: 0, lineWidth: width, lineColor: color }], margin }
}

function table(node: Table, ctx: PdfContext): Content {
  const rows = node.children.map((row, r) => row.children.map((cell) => phrasingRuns(cell.children, ctx, r === 0 ? { bold: true } : {})))
  const columns = Math.max(...rows.map((row) => row.length))
  return dataTable(rows, ctx, { align: node.align ?? [], columns })
}

/**
 * A table of runs: the first row is its head, repeated on every page. Short columns take
 * their width, long ones share the rest.
 */
export function dataTable(rows: Run[][][], ctx: PdfContext, options: { align?: Array<string | null>; columns: number; widths?: Array<number | string>; fontSize?: number }): Content {
  const size = options.fontSize ?? ctx.settings.fonts.size * 0.9
  const longest = Array.from({ length: options.columns }, (_, c) => Math.max(0, ...rows.map((row) => [...plain(row[c] ?? [])].length)))
  const widths = options.widths ?? longest.map((n) => (n <= 24 ? 'auto' : '*'))
  const body = rows.map((row) =>
    Array.from({ length: options.columns }, (_, c) => ({ text: toInlines(row[c] ?? [], ctx, 1.2), alignment: options.align?.[c] ?? 'left' })),
  )
  return {
    table: { headerRows: 1, keepWithHeaderRows: 1, widths, body, dontBreakRows: true },
    layout: {
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 0.8 : i === 1 ? 0.6 : 0.3),
      vLineWidth: () => 0,
      hLineColor: (i: number) => (i <= 1 ? ctx.settings.colors.rules : '#c8c8c8'),
      paddingLeft: (i: number) => (i === 0 ? 0 : 4),
      paddingRight: () => 4,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    fontSize: size,
    margin: [0, 2, 0, ctx.settings.fonts.size],
  }
}

const IMAGE_TYPES = new Set(['.png', '.jpg', '.jpeg'])

/**
 * An image from inside the workspace (PNG or JPEG), as wide as the text at most. Anything
 * else — an address on the web, a file outside the workspace, another format — is left to
 * its alt text: the writer reads no URL and no file the brief's workspace does not hold.
 */
function imageBlock(node: Image, ctx: PdfContext): Content | null {
  let value: string
  try {
    value = decodeURI(node.url)
  } catch {
    return null
  }
  // Addresses (web or `file:`), Windows paths, `..` out of the workspace and symbolic links
  // leading out are all refused here; resolveBrief has reported them (outside-workspace).
  const checked = checkPath(ctx.workspaceRoot, ctx.briefDir, value)
  if (!checked.ok) return null
  // The real file, links resolved: what was checked is what pdfmake opens.
  const path = checked.real
  if (!IMAGE_TYPES.has(extname(path).toLowerCase()) || !existsSync(path)) return null
  const head = Buffer.alloc(4)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, 4, 0)
  } finally {
    closeSync(fd)
  }
  const png = head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47
  const jpeg = head[0] === 0xff && head[1] === 0xd8
  if (!png && !jpeg) return null
  return { stack: [{ image: path, fit: [ctx.contentWidth, 360], alignment: 'center' }, ...(node.alt ? [{ text: toInlines([{ text: node.alt, italics: true }], ctx), alignment: 'center', fontSize: ctx.settings.fonts.size * 0.85, margin: [0, 3, 0, 0] }] : [])], margin: [0, 2, 0, ctx.settings.fonts.size] }
}

// A paragraph longer than this may leave its heading at the foot of a page, rather than leave a gap.
const KEEP_MAX = 600

function plainLength(content: Content): number {
  return (content.text as Array<{ text: string }>).reduce((n, inline) => n + inline.text.length, 0)
}

/**
 * A heading never ends a page: it goes in one unbreakable block with the paragraph after it,
 * or with the first item of the list after it.
 */
function keepHeadingsWithNext(contents: Content[]): Content[] {
  const out: Content[] = []
  for (let i = 0; i < contents.length; i++) {
    const current = contents[i]!
    const next = contents[i + 1]
    if (kinds.get(current) !== 'heading' || !next) {
      out.push(current)
      continue
    }
    if (kinds.get(next) === 'paragraph' && plainLength(next) <= KEEP_MAX) {
      out.push({ stack: [current, next], unbreakable: true })
      i++
    } else if (kinds.get(next) === 'list') {
      const [first, ...rest] = next.stack as Content[]
      out.push({ stack: [current, first], unbreakable: true })
      if (rest.length) out.push({ ...next, stack: rest })
      else out.push({ text: '', margin: next.margin })
      i++
    } else out.push(current)
  }
  return out
}

