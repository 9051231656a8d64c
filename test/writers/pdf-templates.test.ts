import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPdfSettings, loadTemplate } from '../../src/templates/index.js'
import { formatCounter, headingMarker } from '../../src/writers/pdf/blocks.js'
import { missingGlyphs, splitByFont } from '../../src/writers/pdf/fonts.js'
import { markdownRuns, placeNoteMarks } from '../../src/writers/pdf/inline.js'

/* The PDF settings of template.yaml, and the pieces of the PDF writer that need no PDF. */
let root: string

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'briefkit-templates-'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

function template(name: string, yaml: string): ReturnType<typeof loadTemplate> {
  mkdirSync(join(root, 'templates', name), { recursive: true })
  writeFileSync(join(root, 'templates', name, 'template.yaml'), yaml)
  return loadTemplate(name, root)
}

const points = (mm: number): number => Math.round(((mm * 72) / 25.4) * 100) / 100

describe('template.yaml PDF settings', () => {
  it('reads the built-ins: three different looks', () => {
    const looks = ['sejong', 'memo', 'report'].map((name) => loadTemplate(name, null))
    for (const { diagnostics } of looks) expect(diagnostics).toEqual([])
    const [sejong, memo, report] = looks.map((l) => l.template!.pdf)
    expect(sejong!.layout).toBe('sejong')
    expect(sejong!.headingMarkers).toEqual({ 2: '■', 3: '1.', 4: '1)' })
    expect(sejong!.bullets[0]).toBe('❍')
    expect(memo!.layout).toBe('memo')
    expect(report!.layout).toBe('report')
    expect(report!.headingMarkers[3]).toBe('1.1')
  })

  it('reads every setting', () => {
    const { template: t, diagnostics } = template(
      'full',
      [
        'layout: memo',
        'page:',
        '  size: letter',
        '  margins: [1in, 20mm, 30, 2cm]',
        'fonts: { size: 11, line-height: 1.5 }',
        'colors: { headings: "#123", links: "#abcdef" }',
        'heading-markers: { 2: "I.", 3: ~ }',
        'bullets: [▪, –]',
        'header: "{title} | {date}"',
        'footer: false',
        'to: All staff',
      ].join('\n'),
    )
    expect(diagnostics).toEqual([])
    const pdf = t!.pdf
    expect(pdf.layout).toBe('memo')
    // pdfmake's order: left, top, right, bottom.
    expect(pdf.page).toEqual({ size: 'Letter', margins: [points(20), 72, points(20), 30] })
    expect(pdf.fonts).toEqual({ size: 11, lineHeight: 1.5 })
    expect(pdf.colors.headings).toBe('#123')
    expect(pdf.colors.links).toBe('#abcdef')
    expect(pdf.colors.text).toBe(defaultPdfSettings().colors.text)
    expect(pdf.headingMarkers).toEqual({ 2: 'I.' })
    expect(pdf.bullets).toEqual(['▪', '–'])
    expect([pdf.header, pdf.footer, pdf.to]).toEqual(['{title} | {date}', '', 'All staff'])
  })

  it('places each bad value at its line and column, and warns about unknown settings', () => {
    const { template: t, diagnostics } = template(
      'bad',
      ['layout: poster', 'page:', '  size: B5', '  margins: [1, 2, 3]', '  colour: red', 'fonts:', '  size: 200', 'colors:', '  links: blue', 'bullets: "❍❍❍❍"', 'notes: sidenotes', 'colour: red'].join('\n'),
    )
    expect(t).toBeNull()
    const file = join(root, 'templates', 'bad', 'template.yaml')
    expect(diagnostics.map((d) => [d.file === file, d.line, d.column, d.severity, d.message])).toEqual([
      [true, 1, 9, 'error', '`layout` must be one of `sejong`, `memo`, `report`, not `poster`'],
      [true, 3, 9, 'error', '`page.size` must be one of `A4`, `Letter`, `A5`, `Legal`, not `B5`'],
      [true, 4, 12, 'error', '`page.margins` must be a length such as `20mm`, `0.75in` or `54` (points), or a list of two (top and bottom, left and right) or four (top, right, bottom, left), not a list'],
      [true, 5, 3, 'warning', 'unknown setting `page.colour`; `page` has `size`, `margins`'],
      [true, 7, 9, 'error', '`fonts.size` must be a number from 6 to 24, not `200`'],
      [true, 9, 10, 'error', '`colors.links` must be a colour written `#rrggbb` or `#rgb`, not `blue`'],
      [true, 10, 10, 'error', '`bullets[1]` must be text of at most 3 characters, not 4 characters'],
      [true, 11, 8, 'error', '`notes` must be one of `endnotes`, `footnotes`, not `sidenotes`'],
      [true, 12, 1, 'warning', 'unknown setting `colour` (did you mean `colors`?); the settings are `description`, `citation-style`, `lang`, `claims-appendix`, `layout`, `page`, `fonts`, `colors`, `heading-markers`, `bullets`, `notes`, `header`, `footer`, `to`, `title-block`, `logo`'],
    ])
  })
})

describe('heading markers', () => {
  it('fills numbering patterns from the counters, and keeps glyphs as they are', () => {
    expect(headingMarker('■', [0, 0, 3], 2)).toEqual({ text: '■', glyph: true })
    expect(headingMarker('1.', [0, 0, 3], 2)).toEqual({ text: '3.', glyph: false })
    expect(headingMarker('1.1', [0, 0, 2, 4], 3)).toEqual({ text: '2.4', glyph: false })
    expect(headingMarker('1.1.1', [0, 0, 2, 4, 1], 4)).toEqual({ text: '2.4.1', glyph: false })
    expect(headingMarker('가.', [0, 0, 3], 2)).toEqual({ text: '다.', glyph: false })
    expect(headingMarker('Part 1', [0, 0, 3], 2)).toEqual({ text: 'Part 1', glyph: true })
    expect(headingMarker(undefined, [0, 0, 3], 2)).toBeNull()
    expect(['a', 'A', 'i', 'I', '①'].map((kind) => formatCounter(14, kind))).toEqual(['n', 'N', 'xiv', 'XIV', '⑭'])
    expect(formatCounter(28, 'a')).toBe('ab')
  })
})

describe('fonts', () => {
  it('has a glyph for Hangul, kana, traditional and simplified Han, and extended Latin', () => {
    expect(missingGlyphs('習近平 蔣萬安 习近平 们 这 ひらがな カタカナ 한국어 Zoë Łódź Gdańsk ■ ● “” — …')).toEqual([])
    expect(missingGlyphs('😀 ok ❍')).toEqual(['😀', '❍'])
  })

  it('falls back per character: Noto Sans KR first, SC for what it lacks, Roboto for italic Latin', () => {
    expect(splitByFont('习近平은 說', {})).toEqual([
      { text: '习近平', family: 'NotoSansSC' },
      { text: '은 說', family: 'NotoSansKR' },
    ])
    expect(splitByFont('Pacific 한국', { italics: true })).toEqual([
      { text: 'Pacific ', family: 'Roboto' },
      { text: '한국', family: 'NotoSansKR' },
    ])
    expect(splitByFont('x = 한', { code: true })).toEqual([
      { text: 'x = ', family: 'Courier' },
      { text: '한', family: 'NotoSansKR' },
    ])
  })
})

describe('note and bibliography Markdown', () => {
  it('reads the citation engine’s Markdown: emphasis, strong, autolinks, escapes', () => {
    expect(markdownRuns('“Title,” *Pacific Ledger*, **bold** AT&T \\*not\\* <https://x.org/a_b>.')).toEqual([
      { text: '“Title,” ' },
      { text: 'Pacific Ledger', italics: true },
      { text: ', ' },
      { text: 'bold', bold: true },
      { text: ' AT&T *not* ' },
      { text: 'https://x.org/a_b', link: 'https://x.org/a_b' },
      { text: '.' },
    ])
  })

  it('puts a note mark after the punctuation that follows it', () => {
    expect(placeNoteMarks([{ text: 'found ' }, { text: '4', note: 4 }, { text: '. Then' }])).toEqual([{ text: 'found.' }, { text: '4', note: 4 }, { text: ' Then' }])
  })
})

describe('dates in the title block', () => {
  // The common languages are written without ICU (its first date format costs 10 ms); they must read as ICU writes them.
  it('read as ICU writes them, in every language', async () => {
    const { formatDate } = await import('../../src/writers/pdf/page.js')
    const dates = ['2025-06-02', '2024-12-31', '2026-01-01', '2025-02-30', '2023-09', '2024-11', '2025']
    for (const lang of ['en', 'en-US', 'EN-us', 'en-GB', 'ko', 'ko-KR', 'ja', 'ja-JP', 'zh', 'zh-CN', 'zh-TW', 'zh-Hant', 'de', 'fr-FR']) {
      for (const date of dates) {
        const [y, m, d] = date.split('-').map(Number) as [number, number?, number?]
        const when = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1))
        const expected = m === undefined ? String(y) : new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', ...(d ? { day: 'numeric' } : {}), timeZone: 'UTC' }).format(when)
        expect(formatDate(date, lang), `${date} in ${lang}`).toBe(expected)
      }
    }
    expect(formatDate('Spring 2025', 'en-US')).toBe('Spring 2025')
  })
})

describe('splitting text by font', () => {
  it('gives printable ASCII to the first font of each style whole, as character by character', () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')
    for (const style of [{}, { italics: true }, { code: true }]) {
      expect(splitByFont(ascii, style)).toEqual(splitByFont(`${ascii}é`, style).flatMap((p) => (p.text.endsWith('é') ? [{ ...p, text: p.text.slice(0, -1) }] : [p])).filter((p) => p.text))
      expect(splitByFont('', style)).toEqual([])
    }
  })
})
