import type { ResolvedBrief } from '../../brief/resolve.js'
import { LineIndex } from '../../diagnostics/collector.js'
import { RULES } from '../../diagnostics/rules.js'
import type { Diagnostic } from '../../model/diagnostic.js'
import type { RenderedCitations } from '../citations.js'
import { missingGlyphs } from './fonts.js'

/**
 * Characters of a brief that no font of the PDF can draw (they would print as blank boxes),
 * each placed where it first stands: in the brief's own text, in a claim it pulls in, or,
 * for notes and bibliography entries, at the top.
 */
export function glyphProblems(resolved: ResolvedBrief, briefText: string, citations: RenderedCitations | null): Diagnostic[] {
  // A binary file is already an error; its bytes are not characters anyone meant to print.
  if (resolved.brief.diagnostics.some((d) => d.rule === 'binary-input')) return []
  // ASCII is in every font; only the rest needs looking up.
  const pieces: Array<{ text: string; at: { line: number; column: number } | null }> = [{ text: briefText, at: null }]
  for (const [node, used] of resolved.claims) pieces.push({ text: used.claim.text, at: node.position?.start ?? null })
  if (citations) pieces.push({ text: [...citations.notes, ...citations.bibliography].join('\n'), at: { line: 1, column: 1 } })
  const unusual = new Set<string>()
  // Only what is left once the ASCII is taken out is looked at, character by character.
  for (const { text } of pieces) for (const ch of text.replace(ASCII_RUNS, '')) if (ch.trim()) unusual.add(ch)
  if (unusual.size === 0) return []
  const missing = missingGlyphs([...unusual].join(''))
  const lines = new LineIndex(briefText)
  const named = missing.slice(0, MAX_NAMED)
  const problems = named.map((ch): Diagnostic => {
    const inBrief = briefText.indexOf(ch)
    const where = inBrief >= 0 ? lines.place(inBrief) : (pieces.find((p) => p.at && p.text.includes(ch))?.at ?? { line: 1, column: 1 })
    const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
    return {
      severity: RULES['missing-glyph'].severity,
      rule: 'missing-glyph',
      message: `no font of the PDF can draw \`${ch}\` (${code}); it will print as a blank box — replace it, or use a template whose fonts have it`,
      file: resolved.brief.file,
      line: where.line,
      column: where.column,
      source: 'pdf',
    }
  })
  if (missing.length > MAX_NAMED) {
    const rest = missing.slice(MAX_NAMED)
    problems.push({ ...problems[0]!, line: 1, column: 1, message: `${rest.length} more characters no font of the PDF can draw, such as \`${rest.slice(0, 5).join('')}\`` })
  }
  return problems
}

const ASCII_RUNS = /[\x00-\x7f]+/g

// Past this many, the characters no font has are summed up in one message.
const MAX_NAMED = 10
