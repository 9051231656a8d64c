import type { Nodes, Parent, PhrasingContent, Root, Text } from 'mdast'
import type { CitationItem, CiteNode } from '../model/brief.js'
import { collapseSpace, inlineText } from '../readers/mdast-outline.js'
import { BARRIER, INERT, scanCitations, type CitationMatch, type ItemMatch, type Span } from './citation-syntax.js'
import { pointAt, reportCapped, type BriefContext } from './context.js'
import { textOrigin, type TextOrigin } from './text-origin.js'

// Inline nodes a citation may contain (`[see *Kim* @key]`): they become plain text of
// its prefix or suffix. Any other inline node in a citation's brackets is a barrier.
const INSIDE_CITATION = new Set(['emphasis', 'strong', 'delete', 'inlineCode', 'break', 'html'])
// Nothing inside these is a citation: link text (`[@key](url)`), code, raw HTML.
const NO_CITATIONS = new Set(['link', 'linkReference', 'image', 'imageReference', 'code', 'inlineCode', 'html', 'yaml', 'definition', 'cite', 'claimRef'])
// Characters that are syntax in citations: written escaped or as references, they are text.
const SYNTAX = /[[\]@;]/

/**
 * A URL or e-mail address that GFM made a link (`https://…`, `<https://…>`): its text
 * is its address, so it can stand in a citation as text (`[@{https://example.com/x}]`).
 */
function isBareAddress(node: PhrasingContent): boolean {
  if (node.type !== 'link' || node.children.length !== 1) return false
  const child = node.children[0]!
  if (child.type !== 'text') return false
  return node.url === child.value || node.url === `mailto:${child.value}` || node.url === `http://${child.value}`
}

interface Segment {
  node: PhrasingContent
  /** Its range in the run. */
  start: number
  end: number
  origin: TextOrigin | null
}

/** The text of sibling inline nodes as one string, with what each character stands for. */
class Run {
  readonly text: string
  readonly segments: Segment[]
  /** Run indexes whose character stands for something else, with that text (sorted). */
  readonly #replaced: Array<{ at: number; text: string }>

  constructor(children: PhrasingContent[], file: string) {
    const pieces: string[] = []
    this.segments = []
    this.#replaced = []
    let length = 0
    for (const node of children) {
      if (node.type === 'text') {
        const origin = SYNTAX.test(node.value) ? textOrigin(node, file) : null
        let value = node.value
        if (origin) value = this.#inertLiterals(value, origin, length)
        this.segments.push({ node, start: length, end: length + value.length, origin })
        pieces.push(value)
        length += value.length
      } else {
        const inside = INSIDE_CITATION.has(node.type) || isBareAddress(node)
        this.#replaced.push({ at: length, text: inside ? inlineText(node as Nodes) : '' })
        this.segments.push({ node, start: length, end: length + 1, origin: null })
        pieces.push(inside ? INERT : BARRIER)
        length += 1
      }
    }
    this.text = pieces.join('')
  }

  /** `\[` and `&#64;` are text, not syntax: they become INERT in the run. */
  #inertLiterals(value: string, origin: TextOrigin, offset: number): string {
    const parts: string[] = []
    let from = 0
    for (let i = 0; i < value.length; i++) {
      if (origin.literal(i) && SYNTAX.test(value[i]!)) {
        parts.push(value.slice(from, i), INERT)
        this.#replaced.push({ at: offset + i, text: value[i]! })
        from = i + 1
      }
    }
    if (from === 0) return value
    parts.push(value.slice(from))
    return parts.join('')
  }

  /** The text of `[start, end)` as written: stand-ins replaced by what they stand for. */
  textOf(span: Span): string {
    const list = this.#replaced
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (list[mid]!.at < span.start) lo = mid + 1
      else hi = mid
    }
    let out = ''
    let from = span.start
    for (let k = lo; k < list.length && list[k]!.at < span.end; k++) {
      const { at, text } = list[k]!
      out += this.text.slice(from, at) + text
      from = at + 1
    }
    return out + this.text.slice(from, span.end)
  }

  segmentAt(index: number): Segment {
    const list = this.segments
    let lo = 0
    let hi = list.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (list[mid]!.start <= index) lo = mid
      else hi = mid - 1
    }
    return list[lo]!
  }
}

/** File offset where run character `index` starts (or, with `after`, ends). */
function fileOffset(run: Run, index: number, after: boolean, context: BriefContext): number {
  const segment = run.segmentAt(index)
  const origin = segment.origin ?? (segment.node.type === 'text' ? textOrigin(segment.node, context.text) : null)
  segment.origin = origin
  if (origin) return after ? origin.end(index - segment.start) : origin.start(index - segment.start)
  const position = segment.node.position
  return (after ? position?.end.offset : position?.start.offset) ?? 0
}

function itemOf(run: Run, item: ItemMatch): CitationItem {
  return {
    key: run.textOf(item.key).trim(),
    prefix: collapseSpace(run.textOf(item.prefix)),
    suffix: collapseSpace(run.textOf(item.suffix)),
    locator: item.locator ? { label: item.locator.label, value: collapseSpace(run.textOf(item.locator.value)) } : null,
    suppressAuthor: item.suppressAuthor,
  }
}

function citeNode(run: Run, match: CitationMatch, context: BriefContext): CiteNode {
  const start = fileOffset(run, match.start, false, context)
  const end = fileOffset(run, match.end - 1, true, context)
  return {
    type: 'cite',
    items: match.items.map((item) => itemOf(run, item)),
    narrative: match.narrative,
    raw: context.text.slice(start, end),
    position: { start: pointAt(context, start), end: pointAt(context, end) },
  }
}

/** The part `[from, to)` of a text segment, as a text node placed in the file. */
function textPiece(segment: Segment, from: number, to: number, context: BriefContext): Text {
  const node = segment.node as Text
  if (from === segment.start && to === segment.end) return node
  const origin = segment.origin ?? textOrigin(node, context.text)
  segment.origin = origin
  const piece: Text = { type: 'text', value: node.value.slice(from - segment.start, to - segment.start) }
  if (origin) {
    const start = origin.start(from - segment.start)
    const end = to === segment.end ? origin.start(node.value.length) : origin.start(to - segment.start)
    piece.position = { start: pointAt(context, start), end: pointAt(context, end) }
  }
  return piece
}

/** The children with each citation's characters and nodes replaced by one cite node. */
function rebuild(run: Run, citations: CitationMatch[], context: BriefContext): PhrasingContent[] {
  const out: PhrasingContent[] = []
  let c = 0
  for (const segment of run.segments) {
    let at = segment.start
    while (at < segment.end) {
      const citation = citations[c]
      if (!citation || citation.start >= segment.end) {
        if (segment.node.type === 'text') out.push(textPiece(segment, at, segment.end, context))
        else out.push(segment.node)
        break
      }
      if (citation.start > at) {
        out.push(textPiece(segment, at, citation.start, context))
        at = citation.start
      }
      if (citation.start === at) out.push(citeNode(run, citation, context))
      // The citation goes on past this segment: the rest of it is consumed.
      if (citation.end > segment.end) break
      at = citation.end
      c++
    }
  }
  return out
}

function transformRun(parent: Parent, context: BriefContext): void {
  const children = parent.children as PhrasingContent[]
  if (!children.some((child) => child.type === 'text' && child.value.includes('@'))) return
  const run = new Run(children, context.text)
  const { citations, problems } = scanCitations(run.text)
  for (const problem of problems) {
    const start = fileOffset(run, problem.start, false, context)
    const written = context.text.slice(start, fileOffset(run, problem.end - 1, true, context))
    reportCapped(context, 'invalid-citation', `\`${clip(written)}\` is not a citation: ${problem.message}`, start)
  }
  if (citations.length > 0) parent.children = rebuild(run, citations, context)
}

function clip(text: string): string {
  const flat = collapseSpace(text)
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat
}

/**
 * Replaces pandoc citations in the tree's text by `cite` nodes: `[@key, p. 4]`,
 * `[see @a; @b]`, `@key`, `@key [p. 4]`. Brackets that hold an `@` but are not a
 * citation are reported (`invalid-citation`) and left as text.
 */
export function parseCitations(tree: Root, context: BriefContext): void {
  // Iterative: a hostile brief can nest emphasis hundreds deep.
  const stack: Parent[] = [tree]
  while (stack.length > 0) {
    const parent = stack.pop()!
    if (parent.children.some((child) => child.type === 'text')) transformRun(parent, context)
    for (const child of parent.children) {
      if ('children' in child && !NO_CITATIONS.has(child.type)) stack.push(child)
    }
  }
}
