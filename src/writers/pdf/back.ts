import type { Content, PdfContext } from './context.js'
import { dataTable } from './blocks.js'
import { markdownRuns, toInlines, type Run } from './inline.js'

/** A back-matter heading: the size of a section's, never numbered, in the bookmarks and contents. */
export function backHeading(title: string, id: string, ctx: PdfContext): Content {
  const size = ctx.settings.fonts.size * 1.35
  return {
    text: toInlines([{ text: title, bold: true }], ctx, 1.2),
    id,
    fontSize: size,
    color: ctx.settings.colors.headings,
    margin: [0, size * 0.9, 0, size * 0.45],
    outline: true,
    outlineText: title,
    headlineLevel: 2,
    ...(ctx.settings.layout === 'report' ? { tocItem: true } : {}),
  }
}

/** Endnotes: "Notes", each note with its number (the target of the note marks in the text). */
export function notes(ctx: PdfContext): Content[] {
  const { notes } = ctx.citations
  if (!notes.length) return []
  const size = ctx.settings.fonts.size * 0.9
  const items = notes.map((_, i): Content => ({ ...noteEntry(ctx, i + 1, size, `note-${i + 1}`), margin: [0, 0, 0, size * 0.35] }))
  return [{ stack: [backHeading(ctx.pdfLabels.notes, 'notes', ctx), items[0]!], unbreakable: true }, { stack: items.slice(1) }]
}

/** One note, its number hanging before the text, at `size` points. */
export function noteEntry(ctx: PdfContext, number: number, size: number, id: string): Content {
  const note = ctx.citations.notes[number - 1] ?? ''
  const width = size * (0.6 * String(ctx.citations.notes.length).length + 1)
  // A note is a sentence: "see Kim, p. 4" starts with a capital, as pandoc writes it.
  const sentence = note.replace(/^\p{Ll}/u, (c) => c.toUpperCase())
  return {
    columns: [
      { width, text: toInlines([{ text: `${number}.` }], ctx), id, color: ctx.settings.colors.accent },
      { width: '*', text: toInlines(markdownRuns(sentence), ctx) },
    ],
    columnGap: 0,
    fontSize: size,
  }
}

/** The bibliography (or references), each entry with a hanging indent. */
export function bibliography(ctx: PdfContext): Content[] {
  const { bibliography, kind } = ctx.citations
  if (!bibliography.length) return []
  const size = ctx.settings.fonts.size * 0.95
  const hang = size * 1.8
  const entries = bibliography.map((entry): Content => ({ text: toInlines(markdownRuns(entry.trim()), ctx), margin: [hang, 0, 0, size * 0.5], leadingIndent: -hang, fontSize: size }))
  const title = kind === 'note' ? ctx.labels.bibliography : ctx.labels.references
  return [{ stack: [backHeading(title, 'bibliography', ctx), entries[0]!], unbreakable: true }, { stack: entries.slice(1) }]
}

/** "Claims used": every claim the brief quotes, with its source, section and exact text. */
export function claimsAppendix(ctx: PdfContext): Content[] {
  const { resolved } = ctx
  if (!resolved.claimsAppendix || !resolved.claims.size) return []
  const seen = new Set<string>()
  const head: Run[][] = ctx.labels.claimColumns.map((label) => [{ text: label, bold: true }])
  const rows: Run[][][] = [head]
  for (const used of resolved.claims.values()) {
    if (seen.has(used.claim.id)) continue
    seen.add(used.claim.id)
    rows.push([[{ text: used.claim.id }], [{ text: used.claim.sourceId }], [{ text: used.claim.sectionPath.join(' › ') }], [{ text: used.claim.text }]])
  }
  const table = dataTable(rows, ctx, { columns: 4, widths: ['auto', 'auto', '18%', '*'], fontSize: ctx.settings.fonts.size * 0.78 })
  return [backHeading(ctx.labels.claimsUsed, 'claims-used', ctx), table]
}
