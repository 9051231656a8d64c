import type { Claim, Section, Source } from '../model/source.js'

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function claimLine(claim: Claim, indent: string): string {
  const mark = claim.kind === 'bullet' ? '•' : '·'
  const speaker = claim.speaker ? `  — ${claim.speaker.name}` : ''
  // A PDF's claims say their page: what a citation of them gives as `p. N`.
  const page = claim.page ? `  (p. ${claim.page})` : ''
  return `${indent}${mark} [${claim.id}] ${oneLine(claim.text)}${speaker}${page}`
}

function renderSections(sections: Section[], depth: number, out: string[]): void {
  for (const section of sections) {
    const indent = '  '.repeat(depth)
    if (section.heading !== null) out.push(`${indent}${section.marker ? `${section.marker} ` : ''}${oneLine(section.heading)}`)
    const inner = section.heading !== null ? `${indent}  ` : indent
    let paragraph = -1
    for (const claim of section.claims) {
      // A blank line between prose paragraphs keeps sentence claims readable as paragraphs.
      if (claim.kind === 'sentence' && paragraph !== -1 && claim.paragraph !== paragraph) out.push('')
      paragraph = claim.paragraph
      out.push(claimLine(claim, inner))
    }
    renderSections(section.sections, section.heading !== null ? depth + 1 : depth, out)
  }
}

/** The human view of `brief outline`: metadata, then the tree with the source's own markers and claim ids. */
export function renderOutline(source: Source): string {
  const { meta } = source
  const out: string[] = []
  out.push(`${source.id}  ${meta.title ?? '(no title)'}`)
  const facts = [
    source.format,
    meta.kind,
    meta.series && meta.number ? `${meta.series} ${meta.number}` : (meta.series ?? (meta.number ? `No. ${meta.number}` : null)),
    meta.publisher,
    meta.originalPublisher ? `originally ${meta.originalPublisher}` : null,
    meta.date ?? 'no date',
    meta.language,
  ].filter((f): f is string => Boolean(f))
  out.push(`  ${facts.join(' · ')}`)
  for (const author of meta.authors) {
    const parts = [author.email ? `${author.name} <${author.email}>` : author.name, author.role, author.affiliation]
    out.push(`  by ${parts.filter(Boolean).join(', ')}`)
  }
  if (meta.url) out.push(`  ${meta.url}`)
  out.push('')
  renderSections(source.sections, 0, out)
  return `${out.join('\n')}\n`
}

/** The JSON contract of DESIGN.md, with keys in the documented order. */
export function outlineJson(source: Source): string {
  const { id, file, format, meta, text, sections, diagnostics } = source
  return `${JSON.stringify({ id, file, format, meta, text, sections, diagnostics }, null, 2)}\n`
}
