import { createRenderer, type CiteRequestItem } from '../citations/engine.js'
import { citationNodes, type ResolvedBrief } from '../brief/resolve.js'
import type { CiteNode, ClaimRefNode } from '../model/brief.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { RULES } from '../diagnostics/rules.js'

/** What a claim reference or citation turns into: text in the line, a note, or both. */
export interface RenderedCitation {
  /** Markdown to put where the citation stands ('' when it is only a note). */
  inline: string
  /** The number of the note it became, or null. */
  note: number | null
}

export interface RenderedCitations {
  kind: 'note' | 'in-text'
  byNode: Map<ClaimRefNode | CiteNode, RenderedCitation>
  /** Markdown of note n at index n − 1. */
  notes: string[]
  /** Markdown entries, sorted by the style. */
  bibliography: string[]
}

/**
 * Renders every citation of a resolved brief in document order, as citeproc needs them for
 * note numbers and first/subsequent forms. Shared by the Markdown and PDF writers.
 */
export function renderCitations(resolved: ResolvedBrief, options: { cacheDir?: string } = {}): { rendered: RenderedCitations | null; diagnostics: Diagnostic[] } {
  const { renderer, diagnostics: problems } = createRenderer({ style: resolved.style, lang: resolved.lang, items: resolved.items, baseDir: resolved.styleDir, ...options })
  const diagnostics: Diagnostic[] = problems.map((p) => ({ severity: RULES[p.rule].severity, rule: p.rule, message: p.message, file: resolved.brief.file, line: 1, column: 1, source: 'citations' }))
  if (!renderer) return { rendered: null, diagnostics }
  const byNode = new Map<ClaimRefNode | CiteNode, RenderedCitation>()
  const notes: string[] = []
  const asNote = (items: CiteRequestItem[]): RenderedCitation => {
    notes.push(renderer.cite(items, notes.length + 1))
    return { inline: '', note: notes.length }
  }
  for (const node of citationNodes(resolved.brief.tree)) {
    let items: CiteRequestItem[]
    if (node.type === 'claimRef') {
      const used = resolved.claims.get(node)
      if (!used) continue
      // Where the claim stands: its page in a PDF, else its section.
      const { page, sectionPath: path } = used.claim
      const locator = page !== null && page !== undefined ? { label: 'page' as const, value: String(page) } : path.length ? { label: 'section' as const, value: path.join(' › ') } : null
      items = [{ id: used.claim.sourceId, locator }]
    } else {
      items = node.items
        .filter((item) => resolved.items.has(item.key))
        .map((item) => ({ id: item.key, locator: item.locator, prefix: item.prefix, suffix: item.suffix, suppressAuthor: item.suppressAuthor }))
      if (items.length === 0) continue
      if (node.narrative) {
        // "Kim (2024)" in author-date styles; the author's name and a note in note styles.
        const author = renderer.cite(items.map((item) => ({ ...item, authorOnly: true })), 0)
        if (renderer.kind === 'note') {
          const noted = asNote(items)
          byNode.set(node, { ...noted, inline: author })
        } else {
          byNode.set(node, { inline: `${author} ${renderer.cite(items.map((item) => ({ ...item, suppressAuthor: true })), 0)}`, note: null })
        }
        continue
      }
    }
    byNode.set(node, renderer.kind === 'note' ? asNote(items) : { inline: renderer.cite(items, 0), note: null })
  }
  const bibliography = renderer.bibliography()
  renderer.save()
  return { rendered: { kind: renderer.kind, byNode, notes, bibliography }, diagnostics }
}
