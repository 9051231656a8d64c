import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../../src/library/library.js'
import type { Section, Source } from '../../src/model/source.js'
import { readSource } from '../../src/readers/index.js'
import { findGutter, joinLines, removeMargins, type PdfLine } from '../../src/readers/pdf-layout.js'
import { pdfDate } from '../../src/readers/pdf.js'
import { runBrief, spawnBrief } from '../helpers/cli.js'
import { dredgingPdf, handMadePdf, pdfmakePdf } from '../helpers/pdf-source.js'
import { claims, expectProvenance, rules, sectionList } from '../helpers/source.js'

/*
 * The PDF reader: briefkit's own PDF of the example brief reads back into the outline its
 * Markdown gives; pdfmake documents with a known layout (running header and footer, two
 * columns, words broken at line ends, a paragraph across pages) read back as their text;
 * broken, encrypted and enormous files give diagnostics, never an exception.
 */
const ROOT = new URL('../../', import.meta.url)
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-pdf-reader-'))
  cpSync(new URL('sources/', ROOT), join(dir, 'sources'), { recursive: true })
  mkdirSync(join(dir, 'briefs'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function read(bytes: Uint8Array, file = 'source.pdf', options: { maxPages?: number; timeoutMs?: number } = {}): Source {
  const source = readSource(bytes, { file, ...options })
  expectProvenance(source)
  return source
}

function section(source: Source, heading: string): Section {
  const found: Section[] = []
  const walk = (list: Section[]): void => {
    for (const s of list) {
      if (s.heading === heading) found.push(s)
      walk(s.sections)
    }
  }
  walk(source.sections)
  expect(found, `section “${heading}”`).toHaveLength(1)
  return found[0]!
}

const texts = (s: Section): string[] => s.claims.map((c) => c.text)

describe('a brief built by briefkit, read back', () => {
  let pdf: Source
  let markdown: Source

  beforeAll(async () => {
    writeFileSync(join(dir, 'briefs', 'example.md'), readFileSync(new URL('briefs/example.md', ROOT)))
    const run = await runBrief(['build', join(dir, 'briefs', 'example.md'), '--workspace', dir])
    expect(run.code, run.stderr).toBe(0)
    pdf = read(readFileSync(join(dir, 'out', 'example.pdf')), 'out/example.pdf')
    markdown = readSource(readFileSync(join(dir, 'out', 'example.md')), { file: 'out/example.md' })
  }, 60_000)

  it('gives the sections and claims of the Markdown version', () => {
    expect(pdf.format).toBe('pdf')
    const body = ['Trade with Japan is back to normal', 'A permanent trilateral office', 'Ports as strategy', 'Recommendations']
    // The PDF adds its notes, bibliography and "Claims used" as sections after the body.
    expect(sectionList(pdf).map(([heading]) => heading)).toEqual([null, ...body, 'Notes', 'Bibliography', 'Claims used'])
    expect(sectionList(pdf).slice(1, 5).map(([, marker, level]) => [marker, level])).toEqual(body.map(() => ['■', 1]))
    const notes = texts(section(pdf, 'Notes')).join(' ')
    for (const heading of body) {
      const fromPdf = section(pdf, heading).claims
      // The Markdown has its footnote definitions at the end of the last section.
      const fromMarkdown = section(markdown, heading).claims
      expect(fromPdf.map((c) => [c.kind, c.text]), heading).toEqual(fromMarkdown.slice(0, fromPdf.length).map((c) => [c.kind, c.text]))
      for (const rest of fromMarkdown.slice(fromPdf.length)) expect(notes.replace(/\s+/g, '')).toContain(rest.text.replace(/\s+/g, ''))
    }
    // Claims quoted from the library come back with the same ids (the id hashes the text).
    const quoted = claims(pdf).filter((c) => c.id.endsWith('.8a0p7') || c.id.endsWith('.b1wmk') || c.id.endsWith('.cqhk0'))
    expect(quoted).toHaveLength(3)
  })

  it('reads the title, author and date from the document and its metadata', () => {
    expect(pdf.meta.title).toBe("Korea's maritime and supply-chain bets in 2025")
    expect(pdf.meta.authors.map((a) => a.name)).toEqual(['Jane Doe'])
    expect(pdf.meta.date).toBe('2025-06-02')
    expect(pdf.meta.series).toBe('Example Policy Brief 2025-03')
    expect(pdf.meta.language).toBe('en')
  })

  it('gives each claim the page it is on, and leaves the page footer out', () => {
    for (const c of claims(pdf)) expect(c.page).toBeTypeOf('number')
    expect(section(pdf, 'Recommendations').claims.map((c) => c.page)).toEqual([1, 1])
    expect(section(pdf, 'Notes').claims[0]!.page).toBe(2)
    expect(pdf.text).not.toMatch(/Page \d of \d/)
    expect(rules(pdf)).toContain('boilerplate-removed')
    // Other formats leave the field out altogether (their JSON is unchanged).
    expect(claims(markdown).every((c) => !('page' in c))).toBe(true)
  })
})

const INTRO =
  'Container traffic through Busan grew for the fourth year running. Port officials credit the new terminal, and the ministry wants to deepen coop-\n' +
  'eration with Japanese ports. The Korea-\nJapan shuttle route now runs daily. A non-\nnuclear propulsion trial starts in May.'
const LEFT = 'The optimists point to steady demand from shipping lines that moved routes away from congested hubs in southern China. They expect volumes to keep rising as new feeder services connect smaller ports along the coast. Three carriers signed long contracts this winter.'
const RIGHT = 'The sceptics answer that the growth rests on discounts the port authority cannot afford for long. They note that berth fees were cut twice in two years. Without the cuts, they argue, much of the new traffic would leave again.'
const LONG = Array.from({ length: 70 }, (_, k) => `Sentence ${k + 1} of the outlook says that harbour capacity in the region will matter more than tariffs.`)

function layoutDoc(): Record<string, unknown> {
  return {
    info: { title: 'Harbour Futures in Northeast Asia', author: 'Mira Han; Tomas Reyes', creationDate: new Date('2024-03-07T09:00:00Z') },
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 64],
    header: () => ({ text: 'Harbour Futures · Lumen Institute Working Paper', fontSize: 8, margin: [56, 28, 56, 0] }),
    footer: (page: number, pages: number) => ({ text: `Page ${page} of ${pages}`, fontSize: 8, alignment: 'center', margin: [0, 28, 0, 0] }),
    content: [
      { text: 'Harbour Futures in Northeast Asia', fontSize: 20, bold: true, margin: [0, 0, 0, 6] },
      { text: 'March 5, 2024', fontSize: 9 },
      { text: 'Lumen Institute for Maritime Studies', fontSize: 9, margin: [0, 0, 0, 14] },
      { text: 'Introduction', fontSize: 14, bold: true, margin: [0, 10, 0, 6] },
      { text: INTRO, margin: [0, 0, 0, 8] },
      { ul: ['Berth fees fell by a fifth since 2022.', 'Two feeder lines opened to Ulsan and Pohang, with more planned for next year if demand holds.'], margin: [0, 0, 0, 8] },
      { text: 'Two views', fontSize: 14, bold: true, margin: [0, 10, 0, 6] },
      { columns: [{ text: LEFT }, { text: RIGHT }], columnGap: 28, margin: [0, 0, 0, 8] },
      { text: 'Outlook', fontSize: 14, bold: true, margin: [0, 10, 0, 6] },
      { text: LONG.join(' '), margin: [0, 0, 0, 8] },
      { ol: ['Publish the berth fee schedule.', 'Review the discounts every year.'] },
    ],
  }
}

describe('PDF layouts', () => {
  let source: Source

  beforeAll(async () => {
    source = read(await pdfmakePdf(layoutDoc()), 'harbour.pdf')
  })

  it('leaves out the running header, the footer and the page numbers', () => {
    expect(source.text).not.toContain('Lumen Institute Working Paper')
    expect(source.text).not.toMatch(/Page \d+ of \d+/)
    expect(source.diagnostics.find((d) => d.rule === 'boilerplate-removed')?.message).toMatch(/^left out \d+ running header/)
  })

  it('makes headings set in larger type sections, and reads the title and date from the head', () => {
    expect(sectionList(source).map(([heading, marker, level]) => [heading, marker, level])).toEqual([
      ['Introduction', null, 1],
      ['Two views', null, 1],
      ['Outlook', null, 1],
    ])
    expect(source.meta.title).toBe('Harbour Futures in Northeast Asia')
    expect(source.meta.date).toBe('2024-03-05')
    expect(source.meta.authors.map((a) => a.name)).toEqual(['Mira Han', 'Tomas Reyes'])
    expect(source.meta.publisher).toBe('Lumen Institute for Maritime Studies')
  })

  it('joins words broken at a line end, and keeps real hyphens', () => {
    const intro = texts(section(source, 'Introduction'))
    expect(intro).toContain('Port officials credit the new terminal, and the ministry wants to deepen cooperation with Japanese ports.')
    expect(intro).toContain('The Korea-Japan shuttle route now runs daily.')
    expect(intro).toContain('A non-nuclear propulsion trial starts in May.')
  })

  it('makes drawn bullets bullet claims', () => {
    const bullets = section(source, 'Introduction').claims.filter((c) => c.kind === 'bullet')
    expect(bullets.map((c) => c.text)).toEqual(['Berth fees fell by a fifth since 2022.', 'Two feeder lines opened to Ulsan and Pohang, with more planned for next year if demand holds.'])
  })

  it('reads two columns one after the other', () => {
    const split = (t: string): string[] => t.match(/[^.]+\./g)!.map((s) => s.trim())
    expect(texts(section(source, 'Two views'))).toEqual([...split(LEFT), ...split(RIGHT)])
  })

  it('joins a paragraph across a page break, and gives each sentence its page', () => {
    const outlook = section(source, 'Outlook').claims
    const sentences = outlook.filter((c) => c.kind === 'sentence')
    expect(sentences.map((c) => c.text)).toEqual(LONG)
    expect(new Set(sentences.map((c) => c.paragraph)).size).toBe(1)
    const pages = sentences.map((c) => c.page!)
    expect(pages[0]).toBe(1)
    expect(pages[pages.length - 1]).toBeGreaterThan(1)
    expect([...pages].sort((a, b) => a - b)).toEqual(pages)
    expect(outlook.filter((c) => c.kind === 'bullet').map((c) => c.text)).toEqual(['Publish the berth fee schedule.', 'Review the discounts every year.'])
  })

  it('reads the same bytes into the same Source twice', async () => {
    expect(read(await pdfmakePdf(layoutDoc()), 'harbour.pdf')).toEqual(source)
  })
})

describe('numbered headings in larger type right after the byline', () => {
  // No prose between the byline and the first heading: the header ends at the heading, not
  // at the first paragraph, and the byline the PDF's Author confirms names the author.
  it('makes both headings sections, and the byline the author', async () => {
    const source = read(await dredgingPdf(), 'dredging.pdf')
    expect(source.meta.title).toBe('Harbour Dredging and the Southern Ports')
    expect(source.meta.authors).toEqual([{ name: 'Mina Seo', email: null, affiliation: 'Coastal Policy Unit', role: null }])
    expect(source.meta.date).toBe('2024-05-02')
    expect(sectionList(source)).toEqual([
      ['The channel', '1.', 1],
      ['The cost', '2.', 1],
    ])
    expect(claims(source).map((c) => [c.text, c.page])).toEqual([
      ['The channel was deepened to seventeen metres in the first phase of the project.', 1],
      ['The second phase of the dredging will cost more than the first because the rock is harder.', 2],
    ])
    expect(texts(section(source, 'The channel'))).toEqual(['The channel was deepened to seventeen metres in the first phase of the project.'])
    expect(texts(section(source, 'The cost'))).toEqual(['The second phase of the dredging will cost more than the first because the rock is harder.'])
  })
})

describe('broken and hostile PDFs', () => {
  it('an empty file named .pdf', () => {
    const s = read(new Uint8Array(0), 'empty.pdf')
    expect(rules(s)).toEqual(['empty-input'])
  })

  it('%PDF- followed by garbage', () => {
    const s = read(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x8f)]), 'garbage.pdf')
    expect(rules(s)).toEqual(['pdf-unreadable'])
    expect(s.diagnostics[0]).toMatchObject({ severity: 'error', line: 1, column: 1 })
    expect(s.diagnostics[0]!.message).toMatch(/^`garbage\.pdf` is damaged or not a PDF/)
    expect(s.sections).toEqual([])
  })

  it('random bytes named .pdf', () => {
    const bytes = Buffer.alloc(4096)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256
    const s = read(bytes, 'random.pdf')
    expect(rules(s)).toEqual(['pdf-unreadable'])
    expect(s.diagnostics[0]!.message).toMatch(/does not start with `%PDF-`/)
  })

  it('a truncated PDF', async () => {
    const whole = await pdfmakePdf(layoutDoc())
    const s = read(whole.subarray(0, Math.floor(whole.length / 2)), 'truncated.pdf')
    expect(rules(s).some((r) => r === 'pdf-unreadable' || r === 'truncated-input')).toBe(true)
    expect(s.diagnostics.every((d) => d.line >= 1 && d.column >= 1)).toBe(true)
  })

  it('an encrypted PDF', async () => {
    const s = read(await pdfmakePdf({ userPassword: 'secret', content: ['Nothing to see without the password.'] }), 'locked.pdf')
    expect(rules(s)).toEqual(['pdf-unreadable'])
    expect(s.diagnostics[0]!.message).toMatch(/is encrypted with a password/)
  })

  it('a PDF of 5,000 pages is read up to the page limit', () => {
    const pdf = handMadePdf(5000, (p) => [`Page ${p} reports that berth ${p % 9} handled more ships.`, p % 2 ? 'The east terminal was busy.' : 'Dredging went on at night.'])
    const started = Date.now()
    const s = read(pdf, 'huge.pdf')
    expect(Date.now() - started).toBeLessThan(30_000)
    const limit = s.diagnostics.find((d) => d.rule === 'pdf-too-many-pages')!
    expect(limit).toMatchObject({ severity: 'warning', line: 1, column: 1, file: 'huge.pdf' })
    expect(limit.message).toContain('has 5000 pages; only the first 2000 were read')
    expect(Math.max(...claims(s).map((c) => c.page!))).toBe(2000)
    // The limit is an option.
    const few = read(pdf, 'huge.pdf', { maxPages: 3 })
    expect(Math.max(...claims(few).map((c) => c.page!))).toBe(3)
    expect(few.diagnostics.find((d) => d.rule === 'pdf-too-many-pages')!.message).toContain('only the first 3 were read')
  }, 60_000)

  it('a PDF whose pages hold no text', () => {
    const s = read(handMadePdf(3, () => []), 'scan.pdf')
    expect(rules(s)).toContain('pdf-no-text')
  })

  it('gives up at the time limit, and the next file is read by a fresh worker', () => {
    const pdf = handMadePdf(400, (p) => [`Line one of page ${p} about harbours.`])
    const s = read(pdf, 'slow.pdf', { timeoutMs: 1 })
    expect(rules(s)).toEqual(['pdf-unreadable'])
    expect(s.diagnostics[0]!.message).toMatch(/took longer than 1 ms to read and was given up/)
    expect(claims(read(handMadePdf(1, () => ['The port opened a third terminal.']), 'next.pdf')).map((c) => c.text)).toEqual(['The port opened a third terminal.'])
  })

  it('rejects a bad limit as misuse', () => {
    expect(() => readSource(Buffer.from('%PDF-'), { maxPages: 0 })).toThrow(/`maxPages` must be a positive whole number, not `0`/)
  })
})

describe('PDF sources in the workspace', () => {
  it('`brief outline file.pdf` prints the outline, and the process ends', async () => {
    const file = join(dir, 'harbour.pdf')
    writeFileSync(file, await pdfmakePdf(layoutDoc()))
    const run = await spawnBrief(['outline', file, '--json'], { timeoutMs: 60_000 })
    expect(run.code, run.stderr).toBe(0)
    const source = JSON.parse(run.stdout) as Source
    expect(source.format).toBe('pdf')
    expect(sectionList(source).map(([h]) => h)).toContain('Two views')
    expect(claims(source)[0]!.page).toBe(1)
  }, 60_000)

  it('the library indexes PDFs in sources/', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'briefkit-pdf-ws-'))
    try {
      mkdirSync(join(ws, 'sources'))
      writeFileSync(join(ws, 'sources', 'harbour.pdf'), await pdfmakePdf(layoutDoc()))
      const library = Library.open(ws)
      try {
        expect(library.sync().added).toEqual(['han2024harbour'])
        expect(library.sources()[0]).toMatchObject({ format: 'pdf', title: 'Harbour Futures in Northeast Asia' })
        expect(library.search('feeder services').length).toBeGreaterThan(0)
      } finally {
        library.close()
      }
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})

describe('the layout functions', () => {
  const line = (text: string, x0: number, y: number, page = 1, width = 200): PdfLine => ({ page, x0, x1: x0 + width, y, size: 10, text, textX: x0, bullet: false, column: 0 })

  it('joins lines: hyphenated words made whole, compounds and names kept, CJK run on, addresses unbroken', () => {
    const none = new Set<string>()
    expect(joinLines('to deepen coop-', 'eration with', none)).toBe('to deepen cooperation with')
    expect(joinLines('the Korea-', 'Japan talks', none)).toBe('the Korea-Japan talks')
    expect(joinLines('a non-', 'nuclear trial', none)).toBe('a non-nuclear trial')
    expect(joinLines('a well-', 'known case', none)).toBe('a well-known case')
    // How the document spells the word elsewhere decides: "re-export" stays, "reform" joins.
    expect(joinLines('to re-', 'export chips', new Set(['re-export']))).toBe('to re-export chips')
    expect(joinLines('to re-', 'form the office', none)).toBe('to reform the office')
    expect(joinLines('soft\u00ad', 'ware', none)).toBe('software')
    expect(joinLines('東アジアの', '安全保障', none)).toBe('東アジアの安全保障')
    expect(joinLines('한일 관계의', '개선', none)).toBe('한일 관계의 개선')
    expect(joinLines('see https://', 'example.org/report', none)).toBe('see https://example.org/report')
    expect(joinLines('the end.', 'Next one', none)).toBe('the end. Next one')
  })

  it('takes out running headers and page numbers, not body lines', () => {
    const pages = [1, 2, 3].map((p) => [
      line('Lumen Working Paper 7', 56, 30, p),
      line(`Body line one of page ${p}`, 56, 100, p),
      line(`Body line two of page ${p}`, 56, 114, p),
      line(String(p), 290, 810, p, 6),
    ])
    const cleaned = removeMargins(pages, [842, 842, 842], 3)
    expect(cleaned.removed).toBe(6)
    expect(cleaned.pages.map((lines) => lines.map((l) => l.text))).toEqual([1, 2, 3].map((p) => [`Body line one of page ${p}`, `Body line two of page ${p}`]))
  })

  it('finds a gutter only where rows split in two, with text on both sides', () => {
    const columns = Array.from({ length: 6 }, (_, k) => [line(`left ${k}`, 56, 100 + 12 * k, 1, 210), line(`right ${k}`, 310, 100 + 12 * k, 1, 210)]).flat()
    const gutter = findGutter(columns)!
    expect(gutter).toBeGreaterThan(266)
    expect(gutter).toBeLessThan(310)
    const single = Array.from({ length: 10 }, (_, k) => line(`line ${k}`, 56, 100 + 12 * k, 1, 470))
    expect(findGutter(single)).toBeNull()
    // A column of short labels beside values is a form, not two columns of text.
    const form = Array.from({ length: 6 }, (_, k) => [line(`Name ${k}:`, 56, 100 + 12 * k, 1, 40), line(`value ${k}`, 310, 100 + 12 * k, 1, 210)]).flat()
    expect(findGutter(form)).toBeNull()
  })

  it('reads PDF dates', () => {
    expect(pdfDate("D:20250602093000+09'00'")).toBe('2025-06-02')
    expect(pdfDate('D:2025')).toBeNull()
    expect(pdfDate('yesterday')).toBeNull()
    expect(pdfDate(null)).toBeNull()
  })
})
