import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBrief } from '../helpers/cli.js'

/*
 * Footnotes at the foot of the page (template `notes: footnotes`), read back with pdf.js:
 * each note is on the page of its mark, under the body text and above the footer, and the
 * footer does not move. Where a page's notes cannot fit, the PDF falls back to endnotes and
 * says so.
 */
const ROOT = new URL('../../', import.meta.url)
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-footnotes-'))
  cpSync(new URL('sources/', ROOT), join(dir, 'sources'), { recursive: true })
  mkdirSync(join(dir, 'briefs'))
  mkdirSync(join(dir, 'templates', 'foot'), { recursive: true })
  writeFileSync(join(dir, 'templates', 'foot', 'template.yaml'), 'description: Sejong with footnotes\ncitation-style: chicago-note\nlayout: sejong\nnotes: footnotes\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface TextItem {
  str: string
  x: number
  y: number
  size: number
}

interface PageRead {
  items: TextItem[]
  text: string
  /** Note numbers whose marks are on this page (their links to `fn-N`). */
  marks: number[]
  /** Note numbers whose footnote (the link target) is on this page. */
  targets: number[]
}

async function readPages(file: string): Promise<PageRead[]> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file)))
  const destinations = (await pdf.getDestinations()) as Record<string, [{ num: number; gen: number }, ...unknown[]]>
  const pageOf = new Map<number, number>()
  for (const [name, dest] of Object.entries(destinations)) {
    const m = /^fn-(\d+)$/.exec(name)
    if (m) pageOf.set(Number(m[1]), await pdf.getPageIndex(dest[0]))
  }
  const pages: PageRead[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n)
    const items: TextItem[] = []
    for (const item of (await page.getTextContent()).items) {
      if ('str' in item && item.str.trim()) items.push({ str: item.str, x: item.transform[4], y: item.transform[5], size: Math.round(Math.abs(item.transform[3]) * 10) / 10 })
    }
    // A mark cut in two would have two links: no dedupe here.
    const marks = (await page.getAnnotations())
      .map((a: { dest?: unknown }) => (typeof a.dest === 'string' ? /^fn-(\d+)$/.exec(a.dest) : null))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
    const targets = [...pageOf].filter(([, index]) => index === n - 1).map(([note]) => note)
    pages.push({ items, text: items.map((i) => i.str).join(' '), marks: marks.sort((a, b) => a - b), targets: targets.sort((a, b) => a - b) })
  }
  return pages
}

async function build(name: string, text: string, extra: string[] = []): Promise<{ code: number; stderr: string; pages: PageRead[] }> {
  writeFileSync(join(dir, 'briefs', `${name}.md`), text)
  const run = await runBrief(['build', join(dir, 'briefs', `${name}.md`), '--workspace', dir, '--to', 'md,pdf', ...extra])
  return { code: run.code, stderr: run.stderr, pages: run.code === 0 ? await readPages(join(dir, 'out', `${name}.pdf`)) : [] }
}

/** The notes of the Markdown build, in order (the PDF must say the same). */
function markdownNotes(name: string): string[] {
  const markdown = readFileSync(join(dir, 'out', `${name}.md`), 'utf8')
  return [...markdown.matchAll(/^\[\^(\d+)\]: (.*)$/gm)].map((m) => m[2]!.replace(/<(https?:[^>]+)>/g, '$1').replace(/[*_]/g, ''))
}

const squash = (text: string): string => text.replace(/\s+/g, '')

function expectFootnotesBelongToTheirPages(pages: PageRead[], count: number): void {
  const seen: number[] = []
  pages.forEach((page, i) => {
    // The notes at the foot are exactly the ones marked on the page.
    expect(page.targets, `page ${i + 1}`).toEqual(page.marks)
    seen.push(...page.marks)
  })
  expect(seen).toEqual(Array.from({ length: count }, (_, i) => i + 1))
}

/** A long brief: 36 paragraphs, each with a cite that makes a note of one or two lines. */
function longBrief(template: string): string {
  const sources = ['cho2025semiconductor', 'benson2025seoul', 'park2024maritime', 'harborline2024ports']
  const paragraphs = Array.from({ length: 36 }, (_, i) => {
    const key = sources[i % sources.length]
    const prefix = i % 3 === 0 ? 'see the full argument, with its caveats about data from before the 2019 restrictions, in ' : ''
    return `Paragraph ${i + 1} weighs what the port expansion and the trade settlement mean for a small foreign ministry that must staff a new office, answer to two allies and keep its own budget in order.[${prefix}@${key}, p. ${i + 2}]`
  })
  return `---\ntitle: Footnotes at the foot\ndate: 2025-06-02\nauthor: Jane Doe\ntemplate: ${template}\n---\n\n## Ports and trade\n\n${paragraphs.join('\n\n')}\n`
}

describe('footnotes at the foot of the page', () => {
  it('puts the example brief’s notes on the pages of their marks in the report template', async () => {
    const example = readFileSync(new URL('briefs/example.md', ROOT), 'utf8').replace(/^template: .*$/m, 'template: report')
    const { code, stderr, pages } = await build('example-report', example)
    expect(code, stderr).toBe(0)
    const notes = markdownNotes('example-report')
    expect(notes.length).toBeGreaterThan(5)
    expectFootnotesBelongToTheirPages(pages, notes.length)
    // The notes say what the Markdown's notes say, in order; no "Notes" section at the end.
    const all = squash(pages.map((p) => p.text).join(' '))
    let at = 0
    notes.forEach((note, i) => {
      const found = all.indexOf(squash(`${i + 1}. ${note.replace(/^\p{Ll}/u, (c) => c.toUpperCase())}`), at)
      expect(found, `note ${i + 1}: ${note}`).toBeGreaterThanOrEqual(at)
      at = found
    })
    expect(pages.some((p) => p.items.some((item) => item.str === 'Notes'))).toBe(false)
  })

  it('keeps each page’s notes below its text and above a footer that does not move', async () => {
    const { code, stderr, pages } = await build('long', longBrief('foot'))
    expect(code, stderr).toBe(0)
    expect(pages.length).toBeGreaterThanOrEqual(3)
    expectFootnotesBelongToTheirPages(pages, 36)
    const footerY = new Set<number>()
    pages.forEach((page, i) => {
      const footer = page.items.find((item) => /^Page \d+ of \d+$/.test(item.str))
      expect(footer, `page ${i + 1} footer`).toBeDefined()
      footerY.add(Math.round(footer!.y))
      if (!page.marks.length) return
      // Body text is 10 points; notes 8; the footer 7.8. PDF y grows upwards.
      const body = page.items.filter((item) => item.size === 10)
      const notes = page.items.filter((item) => item.size === 8)
      const lowestBody = Math.min(...body.map((item) => item.y))
      const highestNote = Math.max(...notes.map((item) => item.y))
      expect(lowestBody, `page ${i + 1}: body above its notes`).toBeGreaterThan(highestNote + 8)
      expect(Math.min(...notes.map((item) => item.y)), `page ${i + 1}: notes above the footer`).toBeGreaterThan(footer!.y + 8)
    })
    expect([...footerY]).toHaveLength(1)
  })

  it('keeps notes marked in table cells and lists below the text too', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => `| Row ${i + 1} | A finding about ports and trade that needs a note.[@cho2025semiconductor, p. ${i + 1}] | ${i % 2 ? `Another view.[see @benson2025seoul, para. ${i}]` : 'none'} |`)
    const items = Array.from({ length: 12 }, (_, i) => `- Point ${i + 1} about the trilateral office and its budget.[@park2024maritime, p. ${i + 1}]`)
    const prose = Array.from({ length: 10 }, (_, i) => `Closing paragraph ${i + 1} on what the ministry should fund first, and why the office should report to vice-ministers.[@harborline2024ports]`)
    const text = `---\ntitle: Tables with notes\ndate: 2025-06-02\nauthor: Jane Doe\ntemplate: foot\n---\n\n## Evidence\n\n| Item | Finding | Other |\n| --- | --- | --- |\n${rows.join('\n')}\n\n## Points\n\n${items.join('\n')}\n\n## Closing\n\n${prose.join('\n\n')}\n`
    const { code, stderr, pages } = await build('table-notes', text)
    expect(code, stderr).toBe(0)
    const count = markdownNotes('table-notes').length
    expect(count).toBeGreaterThan(30)
    expectFootnotesBelongToTheirPages(pages, count)
    pages.forEach((page, i) => {
      if (!page.marks.length) return
      const body = page.items.filter((item) => item.size >= 8.5 && !/^Page \d+ of \d+$/.test(item.str))
      const notes = page.items.filter((item) => item.size === 8)
      expect(Math.min(...body.map((item) => item.y)), `page ${i + 1}: body above its notes`).toBeGreaterThan(Math.max(...notes.map((item) => item.y)) + 8)
    })
  })

  it('keeps notes right with headings before block quotes, which may break across pages', async () => {
    const sections = Array.from({ length: 24 }, (_, i) => `## Section ${i + 1}\n\n> A quoted finding on the ports, number ${i + 1}, which the analyst wants to keep verbatim.[@cho2025semiconductor, p. ${i + 1}]\n\nWhat it means for the ministry's budget in year ${i + 1}.[see @benson2025seoul, para. ${i + 1}]`)
    const text = `---\ntitle: Headings and quotes\ndate: 2025-06-02\nauthor: Jane Doe\ntemplate: foot\n---\n\n${sections.join('\n\n')}\n`
    const { code, stderr, pages } = await build('quotes', text)
    expect(code, stderr).toBe(0)
    expect(pages.length).toBeGreaterThanOrEqual(3)
    expectFootnotesBelongToTheirPages(pages, 48)
    pages.forEach((page, i) => {
      if (!page.marks.length) return
      const body = page.items.filter((item) => item.size >= 8.5 && !/^Page \d+ of \d+$/.test(item.str))
      const notes = page.items.filter((item) => item.size === 8)
      expect(Math.min(...body.map((item) => item.y)), `page ${i + 1}: body above its notes`).toBeGreaterThan(Math.max(...notes.map((item) => item.y)) + 8)
    })
  })

  it('falls back to endnotes, with a warning, when a page’s notes would not fit at its foot', async () => {
    // Five notes of about 1,900 characters each, all marked on one short line.
    const essay = (n: number): string => Array.from({ length: 260 }, (_, i) => `w${n}x${i}`).join(' ')
    const marks = [1, 2, 3, 4, 5].map((n) => `Point ${n}.[${essay(n)} @cho2025semiconductor, p. ${n}]`).join(' ')
    const text = `---\ntitle: Very long notes\ndate: 2025-06-02\nauthor: Jane Doe\ntemplate: foot\n---\n\n## Trade\n\n${marks}\n`
    const { code, stderr, pages } = await build('long-note', text)
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/long-note\.md:1:1: warning notes-too-long a note is too long for the foot of any page; the PDF has endnotes instead of footnotes/)
    expect(pages.some((p) => p.items.some((item) => item.str === 'Notes'))).toBe(true)
    expect(squash(pages.map((p) => p.text).join(' '))).toContain('w5x259')
    const strict = await build('long-note', text, ['--strict'])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('was not built (--strict: warnings count)')
  })
})
