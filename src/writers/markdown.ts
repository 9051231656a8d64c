import type { BlockContent, FootnoteDefinition, Nodes, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast'
import type { ResolvedBrief } from '../brief/resolve.js'
import type { CiteNode, ClaimRefNode } from '../model/brief.js'
import { loadRemarkGfm, loadRemarkStringify, loadUnified } from '../readers/lazy.js'
import { labelsFor } from './labels.js'
import type { RenderedCitations } from './citations.js'

// A sentence's closing punctuation: an author-date citation goes before it, a note mark after.
const CLOSING = /([.!?。．！？]["'”’」』)]*)$/u

/** Markdown the citation engine made, passed through the serializer untouched. */
function raw(value: string): PhrasingContent {
  return { type: 'html', value }
}

/**
 * The brief as GitHub-flavoured Markdown: a metadata block, the body with claims filled in
 * and citations rendered (notes as GFM footnotes), the bibliography, and the "Claims used"
 * appendix unless the template turns it off.
 */
export function writeMarkdown(resolved: ResolvedBrief, citations: RenderedCitations): string {
  const labels = labelsFor(resolved.lang)
  const out: RootContent[] = [...titleBlock(resolved)]
  const body = structuredClone(resolved.brief.tree)
  // structuredClone keeps the node objects apart from the ones the maps are keyed by; walk both together.
  fillIn(resolved.brief.tree, body, resolved, citations)
  out.push(...body.children)

  citations.notes.forEach((note, i) => {
    // A note is a sentence: "see Kim, p. 4" starts with a capital, as pandoc writes it.
    const sentence = note.replace(/^\p{Ll}/u, (c) => c.toUpperCase())
    const definition: FootnoteDefinition = { type: 'footnoteDefinition', identifier: String(i + 1), label: String(i + 1), children: [{ type: 'paragraph', children: [raw(sentence)] }] }
    out.push(definition)
  })
  if (citations.bibliography.length) {
    out.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: citations.kind === 'note' ? labels.bibliography : labels.references }] })
    for (const entry of citations.bibliography) out.push({ type: 'paragraph', children: [raw(entry)] })
  }
  if (resolved.claimsAppendix && resolved.claims.size) out.push(...claimsAppendix(resolved, labels.claimsUsed, labels.claimColumns))
  const processor = loadUnified()
    .unified()
    .use(loadRemarkGfm())
    .use(loadRemarkStringify(), { bullet: '-', emphasis: '*', strong: '*', fences: true, listItemIndent: 'one', rule: '-' })
  return processor.stringify({ type: 'root', children: out } satisfies Root)
}

function titleBlock(resolved: ResolvedBrief): RootContent[] {
  const { meta } = resolved.brief
  const labels = labelsFor(resolved.lang)
  const out: RootContent[] = []
  const series = [meta.series, meta.number].filter(Boolean).join(' ')
  const line = [series, meta.date].filter(Boolean).join(' · ')
  if (line) out.push({ type: 'paragraph', children: [{ type: 'text', value: line }] })
  if (meta.title) out.push({ type: 'heading', depth: 1, children: [{ type: 'text', value: meta.title }] })
  if (meta.subtitle) out.push({ type: 'paragraph', children: [{ type: 'emphasis', children: [{ type: 'text', value: meta.subtitle }] }] })
  if (meta.authors.length) {
    out.push({
      type: 'list',
      ordered: false,
      spread: false,
      children: meta.authors.map((a) => {
        const children: PhrasingContent[] = [{ type: 'strong', children: [{ type: 'text', value: a.name }] }]
        const about = [a.role, a.affiliation].filter(Boolean).join(', ')
        if (about) children.push({ type: 'text', value: `, ${about}` })
        if (a.email) children.push({ type: 'text', value: ' · ' }, { type: 'link', url: `mailto:${a.email}`, children: [{ type: 'text', value: a.email }] })
        return { type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] }
      }),
    })
  }
  if (meta.abstract) {
    out.push({ type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: labels.abstract }] }, { type: 'text', value: ` ${meta.abstract}` }] }] })
  }
  if (out.length) out.push({ type: 'thematicBreak' })
  return out
}

/** Replaces claim references and citations in `copy` (a clone of `original`) by what they render to. */
function fillIn(original: Nodes, copy: Nodes, resolved: ResolvedBrief, citations: RenderedCitations): void {
  if (!('children' in original) || !('children' in copy)) return
  const next: Nodes[] = []
  original.children.forEach((child, i) => {
    const cloned = copy.children[i] as Nodes
    if (child.type === 'claimRef' || child.type === 'cite') {
      next.push(...renderNode(child, resolved, citations, original.type === 'paragraph' && original.children.length === 1))
      return
    }
    fillIn(child as Nodes, cloned, resolved, citations)
    next.push(cloned)
  })
  ;(copy as { children: Nodes[] }).children = placeNoteMarks(next)
}

/**
 * A note mark goes right after the word or the punctuation it belongs to, as pandoc places
 * it: "found [@key]." becomes "found.[^4]", never "found [^4].".
 */
function placeNoteMarks(nodes: Nodes[]): Nodes[] {
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i]!.type !== 'footnoteReference') continue
    const before = nodes[i - 1]
    if (before?.type === 'text') before.value = before.value.replace(/\s+$/, '')
    const after = nodes[i + 1]
    const punctuation = after?.type === 'text' ? /^[.,;:!?。、，；：！？]+/.exec(after.value) : null
    if (after?.type === 'text' && punctuation) {
      after.value = after.value.slice(punctuation[0].length)
      if (before?.type === 'text') before.value += punctuation[0]
      else nodes.splice(i, 0, { type: 'text', value: punctuation[0] })
    }
  }
  return nodes
}

function mark(citation: { inline: string; note: number | null } | undefined): PhrasingContent[] {
  if (!citation) return []
  if (citation.note !== null) return [...(citation.inline ? [raw(citation.inline)] : []), { type: 'footnoteReference', identifier: String(citation.note), label: String(citation.note) }]
  return citation.inline ? [raw(citation.inline)] : []
}

function renderNode(node: ClaimRefNode | CiteNode, resolved: ResolvedBrief, citations: RenderedCitations, alone: boolean): Nodes[] {
  const citation = citations.byNode.get(node)
  if (node.type === 'cite') {
    if (!citation) return [{ type: 'text', value: node.raw }]
    // Author-date: "… policy (Kim 2024)"; a note mark sits right against the word before it.
    return citation.note === null && !node.narrative ? [raw(citation.inline)] : mark(citation)
  }
  const used = resolved.claims.get(node)
  if (!used) return [{ type: 'text', value: `:claim[${node.id}]` }]
  const text = used.claim.text
  const labels = labelsFor(resolved.lang)
  if (node.quote) {
    const quoted: PhrasingContent[] = [{ type: 'text', value: text }, ...spaced(citation, citations.kind)]
    // A quotation standing alone in its paragraph is a block quote; inside a sentence it gets quotation marks.
    if (alone) return [{ type: 'blockquote', children: [{ type: 'paragraph', children: quoted }] } as BlockContent as Nodes]
    return [{ type: 'text', value: `${labels.open}${text}${labels.close}` }, ...spaced(citation, citations.kind)]
  }
  const closing = CLOSING.exec(text)
  if (citations.kind === 'in-text' && closing && citation) {
    return [{ type: 'text', value: text.slice(0, closing.index) }, raw(` ${citation.inline}`), { type: 'text', value: closing[1]! }]
  }
  return [{ type: 'text', value: text }, ...spaced(citation, citations.kind)]
}

function spaced(citation: { inline: string; note: number | null } | undefined, kind: 'note' | 'in-text'): PhrasingContent[] {
  if (!citation) return []
  return kind === 'in-text' ? [raw(` ${citation.inline}`)] : mark(citation)
}

function claimsAppendix(resolved: ResolvedBrief, title: string, columns: [string, string, string, string]): RootContent[] {
  const cell = (value: string): { type: 'tableCell'; children: PhrasingContent[] } => ({ type: 'tableCell', children: value ? [{ type: 'text', value }] : [] })
  const row = (values: string[]): TableRow => ({ type: 'tableRow', children: values.map(cell) })
  const seen = new Set<string>()
  const rows: TableRow[] = [row(columns)]
  for (const used of resolved.claims.values()) {
    if (seen.has(used.claim.id)) continue
    seen.add(used.claim.id)
    rows.push(row([used.claim.id, used.claim.sourceId, used.claim.sectionPath.join(' › '), used.claim.text]))
  }
  const table: Table = { type: 'table', align: [null, null, null, null], children: rows }
  return [{ type: 'heading', depth: 2, children: [{ type: 'text', value: title }] }, table]
}
