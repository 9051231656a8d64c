import type { Node as UnistNode, Point as UnistPoint } from 'unist'
import type { Paragraph, Root, RootContent } from 'mdast'
import { DiagnosticBag, LineIndex } from '../diagnostics/collector.js'
import type { Brief, BriefMeta, BriefMetaPlaces } from '../model/brief.js'
import { loadRemarkFrontmatter, loadRemarkGfm, loadRemarkParse, loadUnified } from '../readers/lazy.js'
import { parseCitations } from './citations.js'
import { claimDirectiveSyntax, parseClaimRefs } from './claim-refs.js'
import { pointAt, reportOverflow, type BriefContext } from './context.js'
import { blankBriefMeta, readFrontmatter } from './frontmatter.js'
import { planPieces, type Piece } from './guard.js'
import { fillMissingPositions } from './positions.js'

function makeProcessor(frontmatter: boolean) {
  const processor = loadUnified().unified().use(loadRemarkParse()).use(loadRemarkGfm())
  // Only the brief's start may be frontmatter: a later part starting with `---` is not.
  return (frontmatter ? processor.use(loadRemarkFrontmatter(), ['yaml']) : processor).use(claimDirectiveSyntax)
}
let processors: { start: ReturnType<typeof makeProcessor>; part: ReturnType<typeof makeProcessor> } | null = null

const OPENING_FENCE = /^---[ \t]*\r?\n/
const CLOSING_FENCE = /^(?:---|\.\.\.)[ \t]*\r?$/m
const CONTROL = /[\x00-\x08\x0e-\x1a\x1c-\x1f]/g

/** NUL bytes or many control characters: not a text file. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 8000)
  if (head.includes('\0')) return true
  return (head.match(CONTROL)?.length ?? 0) > head.length / 20
}

/**
 * Where the frontmatter's closing fence is, when the brief opens one: its offset, or -1
 * when it is never closed. Pandoc also closes with `...`; the parser knows only `---`.
 */
function closingFence(text: string): number | null {
  const open = OPENING_FENCE.exec(text)
  if (!open) return null
  // Pandoc's rule: `---` followed by a blank line is a thematic break, not frontmatter.
  if (/^[ \t]*\r?(?:\n|$)/.test(text.slice(open[0].length))) return null
  const rest = text.slice(open[0].length)
  const close = CLOSING_FENCE.exec(rest)
  return close ? open[0].length + close.index : -1
}

/** Blank-line-separated blocks of `[start, end)` as plain paragraphs. */
function plainParagraphs(source: string, start: number, end: number, context: BriefContext): Paragraph[] {
  const paragraphs: Paragraph[] = []
  let blockStart = -1
  let blockEnd = -1
  const flush = (): void => {
    if (blockStart < 0) return
    const position = { start: pointAt(context, blockStart), end: pointAt(context, blockEnd) }
    paragraphs.push({ type: 'paragraph', children: [{ type: 'text', value: context.text.slice(blockStart, blockEnd), position }], position })
    blockStart = -1
  }
  for (let at = start; at < end; ) {
    const newline = source.indexOf('\n', at)
    const lineEnd = newline === -1 || newline > end ? end : newline
    const line = source.slice(at, lineEnd)
    if (line.trim() === '') flush()
    else {
      if (blockStart < 0) blockStart = at + (line.length - line.trimStart().length)
      blockEnd = at + line.trimEnd().length
    }
    at = lineEnd + 1
  }
  flush()
  return paragraphs
}

/** Moves the positions of a part's tree to where the part is in the file. */
function shiftPositions(root: Root, offset: number, lines: number): void {
  const shift = (p: UnistPoint): UnistPoint => ({ line: p.line + lines, column: p.column, offset: (p.offset ?? 0) + offset })
  const stack: UnistNode[] = [...root.children]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.position) node.position = { start: shift(node.position.start), end: shift(node.position.end) }
    if ('children' in node) for (const child of node.children as UnistNode[]) stack.push(child)
  }
}

/** The top-level nodes of one piece of the brief, placed in the file. */
function parsePiece(source: string, piece: Piece, context: BriefContext): RootContent[] {
  if (!piece.markdown) return plainParagraphs(source, piece.start, piece.end, context)
  processors ??= { start: makeProcessor(true), part: makeProcessor(false) }
  try {
    const tree = (piece.start === 0 ? processors.start : processors.part).parse(source.slice(piece.start, piece.end))
    if (piece.start > 0) shiftPositions(tree, piece.start, context.lines.place(piece.start).line - 1)
    return tree.children
  } catch (error) {
    // Never fail on content: what the parser cannot take is read as plain paragraphs.
    context.bag.report('deep-nesting', `the Markdown could not be parsed (${(error as Error).message.slice(0, 80)}); it was read as plain paragraphs`, context.lines.place(piece.start))
    return plainParagraphs(source, piece.start, piece.end, context)
  }
}

function emptyBrief(file: string, meta: BriefMeta, bag: DiagnosticBag): Brief {
  return { file, meta, tree: { type: 'root', children: [] }, diagnostics: bag.list }
}

/**
 * Parses a brief: YAML frontmatter into `meta`, the Markdown body into an mdast tree
 * in which `:claim[ID]` is a `claimRef` node and pandoc citations are `cite` nodes.
 * Never throws on content: problems are diagnostics placed in `file`.
 */
export function parseBrief(text: string, file: string): Brief {
  const bag = new DiagnosticBag(file, 'brief')
  // The parser drops a byte order mark without counting it: drop it first, so offsets agree.
  const body = text.startsWith('\ufeff') ? text.slice(1) : text
  const context: BriefContext = { text: body, lines: new LineIndex(body), bag, counts: new Map() }
  let meta = blankBriefMeta()
  const metaPlaces: BriefMetaPlaces = { bibliography: [] }
  if (body.trim() === '') {
    bag.report('empty-input', 'the brief is empty; start it with a frontmatter (`---`, `title: …`, `---`) and some prose')
    return emptyBrief(file, meta, bag)
  }
  if (looksBinary(body)) {
    bag.report('binary-input', 'the brief holds binary data (NUL or control characters), not text')
    return emptyBrief(file, meta, bag)
  }

  let source = body
  const fence = closingFence(body)
  if (fence !== null && fence >= 0 && body[fence] === '.') source = `${body.slice(0, fence)}---${body.slice(fence + 3)}`
  const tree: Root = { type: 'root', children: [] }
  for (const piece of planPieces(source, context)) {
    // One by one: spreading a huge part's children as arguments would overflow the stack.
    for (const node of parsePiece(source, piece, context)) tree.children.push(node)
  }
  tree.position = { start: pointAt(context, 0), end: pointAt(context, body.length) }

  const first = tree.children[0]
  if (first?.type === 'yaml') {
    meta = readFrontmatter(first.value, (first.position?.start.line ?? 1) + 1, bag, metaPlaces)
    tree.children.shift()
  } else if (fence === -1) {
    bag.report('brief-frontmatter', 'the frontmatter opened on line 1 is never closed; end it with a line `---`', { line: 1, column: 1 })
  }

  fillMissingPositions(tree, context)
  parseClaimRefs(tree, context)
  parseCitations(tree, context)
  reportOverflow(context)
  // In the order of the file, as an editor lists them (the frontmatter's unknown keys came first).
  const diagnostics = [...bag.list].sort((a, b) => a.line - b.line || a.column - b.column)
  return { file, meta, metaPlaces, tree, diagnostics }
}
