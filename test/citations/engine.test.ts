import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { sourceToCsl, type CslItem } from '../../src/citations/csl.js'
import { createRenderer, type CitationRenderer } from '../../src/citations/engine.js'
import { localeXml } from '../../src/citations/styles.js'
import { items, meta, person, SOURCES } from './fixtures.js'

function renderer(style: string, lang: string | null, list: CslItem[] = items(...Object.keys(SOURCES))): CitationRenderer {
  const { renderer, diagnostics } = createRenderer({ style, lang, items: list })
  expect(diagnostics).toEqual([])
  if (!renderer) throw new Error('no renderer')
  return renderer
}

const JIN_FULL =
  'Jin Chang-soo, “Deterrence on the Korean Peninsula after the Washington Declaration,” Sejong Policy Brief 2023-07 (Sejong Institute, May 2, 2023), 4, <https://example.org/briefs/2023-07>.'

describe('Chicago notes', () => {
  test('the first citation of a source is the full note, later ones the short note', () => {
    const r = renderer('chicago-note', 'en-US')
    expect(r.kind).toBe('note')
    expect(r.cite([{ id: 'jin2023', locator: { label: 'page', value: '4' } }], 1)).toBe(JIN_FULL)
    expect(r.cite([{ id: 'doe2024' }], 2)).toBe(
      'Jane Doe, “Seoul and Tokyo Agree on a New Hotline,” *The Harbor Times*, March 14, 2024, <https://example.com/news/hotline>.',
    )
    expect(r.cite([{ id: 'jin2023', locator: { label: 'page', value: '9' } }], 3)).toBe(
      'Jin, “Deterrence on the Korean Peninsula after the Washington Declaration,” 9.',
    )
    // Right after the same source, the style shortens further (its form of ibid.).
    expect(r.cite([{ id: 'jin2023', locator: { label: 'page', value: '10' } }], 4)).toBe('Jin, 10.')
  })

  test('a name written family first is never inverted, in notes or in the bibliography', () => {
    const r = renderer('chicago-note', 'en-US', items('jin2023'))
    r.cite([{ id: 'jin2023' }], 1)
    expect(r.bibliography()).toEqual([
      'Jin Chang-soo. “Deterrence on the Korean Peninsula after the Washington Declaration.” Sejong Policy Brief 2023-07. Sejong Institute, May 2, 2023. <https://example.org/briefs/2023-07>.',
    ])
  })

  test('the bibliography holds exactly the cited sources, sorted by the style', () => {
    const r = renderer('chicago-note', 'en-US')
    r.cite([{ id: 'jin2023' }], 1)
    r.cite([{ id: 'vanbeethoven2022' }, { id: 'doe2024' }], 2)
    expect(r.bibliography()).toEqual([
      'Beethoven, Ludwig van, and Mary Ann O’Neil. “Notes on Coalition Signalling.” *Signal Blog* (blog), November 2022. <https://example.org/blog/signalling>.',
      'Doe, Jane. “Seoul and Tokyo Agree on a New Hotline.” *The Harbor Times*, March 14, 2024. <https://example.com/news/hotline>.',
      'Jin Chang-soo. “Deterrence on the Korean Peninsula after the Washington Declaration.” Sejong Policy Brief 2023-07. Sejong Institute, May 2, 2023. <https://example.org/briefs/2023-07>.',
    ])
  })

  test('a repeated author is replaced by a dash only after an entry that is printed', () => {
    const second = sourceToCsl('doe2025', meta('news', { title: 'A later story', authors: [person('Jane Doe')], publisher: 'The Harbor Times', date: '2025-01-01' }))
    const first = sourceToCsl('doe2019', meta('news', { title: 'An earlier story', authors: [person('Jane Doe')], publisher: 'The Harbor Times', date: '2019-01-01' }))
    const r = renderer('chicago-note', 'en-US', [first, ...items('doe2024'), second])
    r.cite([{ id: 'doe2025' }], 1)
    r.cite([{ id: 'doe2024' }], 2)
    const bibliography = r.bibliography()
    expect(bibliography).toHaveLength(2)
    // Uncited, "An Earlier Story" would come first; the dash follows the first printed entry.
    expect(bibliography[0]).toMatch(/^Doe, Jane\. “A Later Story/)
    expect(bibliography[1]).toMatch(/^———\. “Seoul and Tokyo/)
  })

  test('locators: pages bare, sections and paragraphs labelled', () => {
    const r = renderer('chicago-note', 'en-US')
    r.cite([{ id: 'doe2024' }], 1)
    expect(r.cite([{ id: 'jin2023', locator: { label: 'section', value: '2.1' } }], 2)).toContain('(Sejong Institute, May 2, 2023), sec. 2.1, <https')
    expect(r.cite([{ id: 'doe2024', locator: { label: 'paragraph', value: '3' } }], 3)).toBe('Doe, “Seoul and Tokyo Agree on a New Hotline,” para. 3.')
  })

  test('suppress-author leaves the name out of the note', () => {
    const r = renderer('chicago-note', 'en-US')
    expect(r.cite([{ id: 'doe2024', suppressAuthor: true }], 1)).toBe(
      '“Seoul and Tokyo Agree on a New Hotline,” *The Harbor Times*, March 14, 2024, <https://example.com/news/hotline>.',
    )
  })

  test('an author-only citation names the author and does not use up the full note', () => {
    const r = renderer('chicago-note', 'en-US')
    expect(r.cite([{ id: 'jin2023', authorOnly: true }], 0)).toBe('Jin Chang-soo')
    expect(r.cite([{ id: 'jin2023', locator: { label: 'page', value: '4' } }], 1)).toBe(JIN_FULL)
  })

  test('a reprinted op-ed is cited as it first appeared', () => {
    const r = renderer('chicago-note', 'en-US')
    expect(r.cite([{ id: 'kim2024' }], 1)).toBe(
      'Kim Min-su, “Why the Alliance Needs a Budget Rule,” opinion, *The Daily Ledger*, January 9, 2024, <https://example.net/reprints/42>.',
    )
  })

  test('sources without an author or a date start with the title', () => {
    const r = renderer('chicago-note', 'en-US')
    expect(r.cite([{ id: 'memo' }], 1)).toBe('“Internal Memo on Drills,” June 30, 2019.')
    expect(r.cite([{ id: 'faq' }], 2)).toBe('“Frequently Asked Questions,” Example Ministry, n.d., <https://example.gov/faq>.')
  })
})

describe('APA', () => {
  test('parenthetical and narrative citations', () => {
    const r = renderer('apa', 'en-US')
    expect(r.kind).toBe('in-text')
    expect(r.cite([{ id: 'jin2023' }], 0)).toBe('(Jin, 2023)')
    // A narrative citation, `@jin2023 [p. 4]`: the author, then the rest with the author suppressed.
    const author = r.cite([{ id: 'jin2023', authorOnly: true, locator: { label: 'page', value: '4' } }], 0)
    const rest = r.cite([{ id: 'jin2023', suppressAuthor: true, locator: { label: 'page', value: '4' } }], 0)
    expect(`${author} ${rest}`).toBe('Jin (2023, p. 4)')
    expect(r.cite([{ id: 'jin2023', locator: { label: 'section', value: '2.1' } }, { id: 'doe2024', locator: { label: 'paragraph', value: '3' } }], 0)).toBe(
      '(Doe, 2024, para. 3; Jin, 2023, sec. 2.1)',
    )
  })

  test('reference list: names inverted with initials, exactly the cited items, sorted', () => {
    const r = renderer('apa', 'en-US')
    r.cite([{ id: 'jin2023' }], 0)
    r.cite([{ id: 'kim2024' }, { id: 'institute2020' }], 0)
    expect(r.bibliography()).toEqual([
      'Jin, C. (2023). *Deterrence on the Korean Peninsula after the Washington Declaration* (Sejong Policy Brief 2023-07). Sejong Institute. <https://example.org/briefs/2023-07>',
      'Kim, M. (2024, January 9). Why the alliance needs a budget rule \\[Opinion\\]. *The Daily Ledger*. <https://example.net/reprints/42>',
      'Sejong Institute. (2020). *Annual review of regional security*. Sejong Institute.',
    ])
  })

  test('two works of one author and year get letters in citations and references alike', () => {
    const later = sourceToCsl('jin2023b', { ...SOURCES['jin2023']!, title: 'Extended deterrence revisited', date: '2023-09-01', number: '2023-12' })
    const r = renderer('apa', 'en-US', [...items('jin2023'), later])
    expect(r.cite([{ id: 'jin2023' }], 0)).toBe('(Jin, 2023a)')
    expect(r.cite([{ id: 'jin2023b' }], 0)).toBe('(Jin, 2023b)')
    expect(r.bibliography().map((e) => e.slice(0, 16))).toEqual(['Jin, C. (2023a).', 'Jin, C. (2023b).'])
  })

  test('a narrative citation in a note style is just a note', () => {
    const r = renderer('chicago-note', 'en-US')
    expect(r.cite([{ id: 'doe2024', authorOnly: true }], 0)).toBe('Jane Doe')
  })
})

describe('scripts and locales', () => {
  test('names in Hangul and Han are printed as written, in full and short forms', () => {
    const r = renderer('chicago-note', 'en-US')
    expect(r.cite([{ id: 'minsu2024' }], 1)).toBe('김민수, “한미 연합훈련 재개,” 한빛일보, February 20, 2024.')
    expect(r.cite([{ id: 'sato2021' }], 2)).toBe('佐藤健, “日米同盟の将来” (東アジア研究所, 2021).')
    expect(r.cite([{ id: 'minsu2024', locator: { label: 'page', value: '2' } }], 4)).toBe('김민수, “한미 연합훈련 재개,” 2.')
    const apa = renderer('apa', 'en-US')
    expect(apa.cite([{ id: 'minsu2024' }, { id: 'sato2021' }], 0)).toBe('(김민수, 2024; 佐藤健, 2021)')
    expect(apa.bibliography()).toEqual(['김민수. (2024, February 20). 한미 연합훈련 재개. 한빛일보.', '佐藤健. (2021). *日米同盟の将来*. 東アジア研究所.'])
  })

  test('Korean locale: Korean dates and terms', () => {
    const r = renderer('chicago-note', 'ko')
    expect(r.cite([{ id: 'jin2023', locator: { label: 'page', value: '4' } }], 1)).toBe(
      'Jin Chang-soo, “Deterrence on the Korean Peninsula after the Washington Declaration”, Sejong Policy Brief 2023-07 (Sejong Institute, 2023년 5월 2일), 4, <https://example.org/briefs/2023-07>.',
    )
    expect(r.cite([{ id: 'vanbeethoven2022' }], 2)).toMatch(/^Ludwig van Beethoven 및 Mary Ann O’Neil, /)
    expect(r.cite([{ id: 'faq' }], 3)).toContain('Example Ministry, 일자 없음,')
    const apa = renderer('apa', 'ko-KR')
    expect(apa.cite([{ id: 'faq' }], 0)).toBe('(*Frequently Asked Questions*, 일자 없음)')
  })

  test('Japanese locale: Japanese quotation marks and dates', () => {
    const r = renderer('chicago-note', 'ja')
    expect(r.cite([{ id: 'doe2024' }], 1)).toBe(
      'Jane Doe, 「Seoul and Tokyo Agree on a New Hotline」, *The Harbor Times*, 2024年3月14日, <https://example.com/news/hotline>.',
    )
    expect(r.cite([{ id: 'faq' }], 2)).toContain('日付なし')
  })

  test('an unknown language falls back to en-US with a warning', () => {
    const { renderer: r, diagnostics } = createRenderer({ style: 'apa', lang: 'tlh', items: items('memo') })
    expect(diagnostics).toEqual([{ rule: 'unknown-locale', message: 'no citation locale for `tlh`; en-US is used' }])
    expect(r?.cite([{ id: 'memo' }], 0)).toBe('(*Internal Memo on Drills*, 2019)')
  })

  test('the region may be left out, and en picks en-US', () => {
    for (const lang of ['en', 'en-US', 'EN_us']) {
      expect(createRenderer({ style: 'apa', lang, items: items('memo') }).diagnostics).toEqual([])
    }
  })
})

describe('Markdown output', () => {
  const odd: CslItem = {
    id: 'odd',
    type: 'webpage',
    title: 'Costs *and* benefits_of [AUKUS] <draft> \\ `x`',
    author: [{ family: 'Doe', given: 'Jane' }],
    issued: { 'date-parts': [[2020]] },
    'container-title': 'R&D Review',
    URL: 'https://example.org/a_b?q=<x>&r=1 2',
  }

  test('field text is escaped, URLs stay clickable, no HTML and no entities', () => {
    for (const style of ['chicago-note', 'apa']) {
      const r = renderer(style, 'en-US', [odd])
      const text = [r.cite([{ id: 'odd' }], 1), ...r.bibliography()].join('\n')
      expect(text).toContain('\\*and\\*')
      expect(text).toContain('\\_of \\[AUKUS\\] \\<draft\\> \\\\ \\`x\\`')
      expect(text).toContain('<https://example.org/a_b?q=%3Cx%3E&r=1%202>')
      expect(text).toContain('R&D Review')
      expect(text).not.toMatch(/&#?\w+;|<\/?(?:i|b|span|div)\b/)
    }
  })

  test('italics are asterisks; prefixes and suffixes are the brief’s own Markdown', () => {
    const r = renderer('apa', 'en-US')
    expect(r.cite([{ id: 'faq', prefix: 'see *also*', suffix: ', with _emphasis_' }], 0)).toBe(
      '(see *also* *Frequently Asked Questions*, n.d., with _emphasis_)',
    )
  })
})

describe('styles', () => {
  test('an unknown style gives no renderer and names the built-in ones', () => {
    const { renderer: r, diagnostics } = createRenderer({ style: 'harvard', items: [] })
    expect(r).toBeNull()
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]?.rule).toBe('unknown-style')
    expect(diagnostics[0]?.message).toContain('`harvard`')
    expect(diagnostics[0]?.message).toContain('`chicago-note`, `apa`')
  })

  test('upstream style names are accepted', () => {
    expect(createRenderer({ style: 'chicago-note-bibliography', items: [] }).renderer?.kind).toBe('note')
  })

  test('a .csl file is read relative to baseDir; a broken or missing one is reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-csl-'))
    copyFileSync(new URL('../../styles/apa.csl', import.meta.url), join(dir, 'house.csl'))
    writeFileSync(join(dir, 'broken.csl'), 'this is not XML')
    const house = createRenderer({ style: 'house.csl', baseDir: dir, items: items('memo') })
    expect(house.renderer?.cite([{ id: 'memo' }], 0)).toBe('(*Internal Memo on Drills*, 2019)')
    for (const style of ['broken.csl', 'missing.csl']) {
      const { renderer: r, diagnostics } = createRenderer({ style, baseDir: dir, items: [] })
      expect(r).toBeNull()
      expect(diagnostics[0]?.rule).toBe('unknown-style')
      expect(diagnostics[0]?.message).toContain(`\`${style}\``)
    }
  })

  test('citing an id that is not among the items is an error that names it', () => {
    const r = renderer('apa', 'en-US', items('memo'))
    expect(() => r.cite([{ id: 'nope' }], 0)).toThrow('`nope`')
  })
})

test('600 citations over 250 sources', () => {
  const list = Array.from({ length: 250 }, (_, i) =>
    sourceToCsl(
      `s${i}`,
      meta(i % 2 ? 'news' : 'report', {
        title: `Finding number ${i}`,
        authors: [person(`Author${String.fromCharCode(65 + (i % 26))} Family${i}`)],
        publisher: `Publisher ${i % 9}`,
        date: `${2000 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`,
      }),
    ),
  )
  for (const style of ['chicago-note', 'apa']) {
    const r = renderer(style, 'en-US', list)
    const out: string[] = []
    for (let n = 1; n <= 600; n += 1) {
      out.push(r.cite([{ id: `s${(n * 7) % 250}`, locator: { label: 'page', value: String(n) } }], r.kind === 'note' ? n : 0))
    }
    expect(out).toHaveLength(600)
    const bibliography = r.bibliography()
    expect(bibliography).toHaveLength(250)
    const families = bibliography.map((entry) => Number(/Family(\d+)/.exec(entry)?.[1]))
    expect(families).toEqual(Array.from({ length: 250 }, (_, i) => i))
    if (style === 'chicago-note') {
      // s7 first at note 1 (full), again at note 251 (short).
      expect(out[0]).toBe('AuthorH Family7, “Finding Number 7,” *Publisher 7*, August 17, 2007, 1.')
      expect(out[250]).toBe('Family7, “Finding Number 7,” 251.')
    } else {
      expect(out[0]).toBe('(Family7, 2007, p. 1)')
    }
  }
})

test('first, subsequent and ibid positions agree with citeproc-js’s own bookkeeping', () => {
  // The renderer works positions out itself (processCitationCluster is quadratic); replay
  // pseudo-random documents through both and compare every note.
  const CSL = createRequire(import.meta.url)('citeproc')
  // Without report numbers, which the renderer keeps from turning into ranges and citeproc-js does not.
  const list = items(...Object.keys(SOURCES)).map(({ 'collection-number': _, ...item }) => item)
  let seed = 7
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
  for (let run = 0; run < 20; run += 1) {
    const r = renderer('chicago-note', 'en-US', list)
    const sys = { retrieveItem: (id: string) => structuredClone(list.find((item) => item.id === id)), retrieveLocale: localeXml }
    const reference = new CSL.Engine(sys, readFileSync(new URL('../../styles/chicago-note.csl', import.meta.url), 'utf8'), 'en-US')
    reference.setOutputFormat('briefkit-markdown')
    reference.opt.development_extensions.wrap_url_and_doi = true
    reference.updateItems(list.map((item) => item.id))
    const pre: Array<[string, number]> = []
    const expected: string[] = []
    const actual: string[] = []
    let note = 0
    for (let n = 0; n < 30; n += 1) {
      // Now and then a narrative citation's author-only part, outside the notes.
      const authorOnly = random(6) === 0
      if (!authorOnly && random(5) > 0) note += 1
      const at = authorOnly ? 0 : note
      const cites = Array.from({ length: authorOnly ? 1 : 1 + random(2) }, () => ({ id: list[random(4)]!.id, ...(random(2) ? { locator: { label: 'page' as const, value: String(1 + random(2)) } } : {}) }))
      actual.push(r.cite(cites.map((c) => ({ ...c, authorOnly })), at))
      const citation = {
        citationItems: cites.map((c) => (authorOnly ? { id: c.id } : { id: c.id, ...(c.locator ? { locator: c.locator.value, label: 'page' } : {}) })),
        properties: authorOnly ? { noteIndex: 0, mode: 'author-only' } : { noteIndex: note },
      }
      const [, updates] = reference.processCitationCluster(citation, pre, []) as [unknown, Array<[number, string]>]
      pre.push([(citation as { citationID?: string }).citationID ?? '', at])
      for (const [i, text] of updates) expected[i] = text
    }
    expect(actual).toEqual(expected)
  }
})
