import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Source } from '../../src/model/source.js'
import { claims, expectProvenance, fixtureReader, rules, sectionList } from '../helpers/source.js'
import { htmlNestingDepth, htmlReader, htmlTextBlocks } from '../../src/readers/html.js'
import { readSource } from '../../src/readers/index.js'

const { fixture, read, readText } = fixtureReader('html', 'page.html')
const headings = (source: Source): Array<[string | null, number]> => sectionList(source).map(([heading, , level]) => [heading, level])

describe('html reader: a news page with JSON-LD', () => {
  const source = read('news-jsonld.html')

  it('takes metadata from JSON-LD, Open Graph and the canonical link', () => {
    expect(source.format).toBe('html')
    expect(source.meta).toMatchObject({
      title: 'Seoul weighs a permanent trilateral secretariat',
      publisher: 'Pacific Ledger',
      date: '2025-04-17',
      url: 'https://www.pacificledger.com/news/2025/04/trilateral-secretariat',
      language: 'en',
      kind: 'news',
    })
    expect(source.meta.authors).toEqual([
      { name: 'Laura Benson', email: null, affiliation: null, role: 'Seoul correspondent' },
      { name: 'Choi Min-jae', email: null, affiliation: null, role: null },
    ])
    // The page was edited after publication: said at info level, the publication date kept.
    expect(source.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['date-conflict', 'info']])
    expect(source.diagnostics[0]!.message).toMatch(/dateModified says `\d{4}-\d{2}-\d{2}` but the JSON-LD datePublished says `2025-04-17`/)
  })

  it('keeps the article, its headings and lists, and leaves out the page chrome', () => {
    expect(headings(source)).toEqual([
      [null, 1],
      ['A standing office', 2],
      ['Open questions', 2],
    ])
    const bullets = claims(source).filter((c) => c.kind === 'bullet').map((c) => c.text)
    expect(bullets).toEqual(['Which city would host the office is undecided.', 'Funding would be split equally, according to the draft.'])
    const texts = claims(source).map((c) => c.text)
    expect(texts[0]).toMatch(/^South Korea is considering a proposal/)
    expect(texts).toContain('The foreign ministry declined to comment on the draft.')
    for (const chrome of ['Subscribe', 'All rights reserved', 'Tariff talks resume', 'STYLE TEXT', 'Related']) {
      expect(source.text).not.toContain(chrome)
    }
    expect(texts).not.toContain(source.meta.title)
    expectProvenance(source)
  })
})

describe('html reader: a page with scripts', () => {
  const source = read('page-with-scripts.html')

  it('never turns script, template, style or noscript content into text', () => {
    for (const fake of ['FAKE', 'Fake heading', 'Template text', 'style content', 'Another fake sentence', 'enable JavaScript']) {
      expect(source.text).not.toContain(fake)
    }
  })

  it('reads meta author and date, and a bold paragraph as a heading', () => {
    expect(source.meta).toMatchObject({ title: 'Energy security notes', date: '2024-09-05', kind: 'webpage', language: 'en' })
    expect(source.meta.authors.map((a) => a.name)).toEqual(['Rafael Ortiz'])
    expect(headings(source)).toEqual([
      [null, 1],
      ['Storage and shipping', 1],
    ])
    expect(claims(source).map((c) => c.text)).toContain('Analysts expect rates to stay moderate through the next winter.')
    expectProvenance(source)
  })
})

describe('html reader: a Japanese article with broken JSON-LD', () => {
  const source = read('japanese-article.html')

  it('recovers metadata from the broken JSON-LD and says it was broken', () => {
    expect(source.meta).toMatchObject({
      title: '日韓の防災協力、自治体レベルで広がる',
      publisher: '東アジア政策ノート',
      date: '2025-02-20',
      language: 'ja',
    })
    expect(source.meta.authors.map((a) => a.name)).toEqual(['佐藤 由美'])
    const broken = source.diagnostics.find((d) => d.rule === 'malformed-json')
    expect(broken).toMatchObject({ severity: 'warning', line: 8 })
  })

  it('splits Japanese prose into sentences under its headings', () => {
    expect(headings(source).map((h) => h[0])).toEqual([null, '背景', '課題'])
    const texts = claims(source).map((c) => c.text)
    expect(texts).toContain('昨年だけで新たに六つの協定が結ばれた。')
    expect(texts).toContain('協定を実際の訓練に結びつける自治体はまだ少ない。')
    expect(new Set(claims(source).map((c) => c.paragraph)).size).toBe(4)
    expectProvenance(source)
  })
})

describe('html reader: a report page with citation metadata', () => {
  const source = read('report-citation-meta.html')

  it('reads citation_* tags', () => {
    expect(source.meta).toMatchObject({
      title: 'Rethinking Extended Deterrence After the Washington Declaration',
      publisher: 'Northgate Institute',
      date: '2023-12-01',
      url: 'https://northgate-institute.org/reports/extended-deterrence',
    })
    expect(source.meta.authors.map((a) => a.name)).toEqual(['Anne Whitfield', 'Jun-ho Seo'])
    expect(source.id).toBe('whitfield2023rethinking')
  })

  it('makes an ALL CAPS paragraph a heading below the current one, and table rows bullets', () => {
    expect(headings(source)).toEqual([
      ['Summary', 2],
      ['KEY FINDINGS', 3],
      ['Recommendations', 2],
    ])
    const bullets = claims(source).filter((c) => c.kind === 'bullet').map((c) => c.text)
    expect(bullets).toContain('Consultation has improved transparency but not shared decision-making.')
    expect(bullets).toContain('Annual public summary | 2024')
    expectProvenance(source)
  })
})

describe('html reader: hostile input', () => {
  it('reads HTML nested 10,000 deep without the DOM, quickly, and says so', () => {
    const text =
      '<!doctype html><html lang="en"><head><title>Deep page</title></head><body><p>First paragraph here.</p>\n' +
      '<div>'.repeat(10_000) +
      '<script>var fake = "Script text."</script><p>Deep paragraph here.</p><h2>Deep heading</h2>' +
      '</div>'.repeat(10_000) +
      '</body></html>'
    const start = Date.now()
    const source = readText(text)
    expect(Date.now() - start).toBeLessThan(3000)
    const deep = source.diagnostics.find((d) => d.rule === 'deep-nesting')
    expect(deep).toMatchObject({ severity: 'warning', line: 2 })
    expect(source.meta.title).toBe('Deep page')
    expect(source.meta.language).toBe('en')
    expect(claims(source).map((c) => c.text)).toEqual(['First paragraph here.', 'Deep paragraph here.'])
    expect(headings(source).map((h) => h[0])).toEqual([null, 'Deep heading'])
    expectProvenance(source)
  })

  it('survives 10,000 unclosed inline tags', () => {
    const source = readText('<html><body><p>Start here.</p>' + '<b><i>'.repeat(5000) + 'inner words</body></html>')
    expect(rules(source)).toContain('deep-nesting')
    expect(claims(source).map((c) => c.text)).toEqual(['Start here.', 'inner words'])
  })

  it('keeps a script that writes fake content out of the text', () => {
    const source = readText('<html><body><script>document.write("<p>Fake claim.</p>")</script><p>Real claim.</p></body></html>')
    expect(claims(source).map((c) => c.text)).toEqual(['Real claim.'])
  })

  it('reads an empty page, a fragment and tag soup without throwing', () => {
    expect(rules(readText(''))).toEqual(['empty-input'])
    expect(claims(readText('<p>Just a fragment.</p><p>Second one.</p>')).map((c) => c.text)).toEqual(['Just a fragment.', 'Second one.'])
    expect(() => readText('<<<<>>>><div<p<<a href=">"<')).not.toThrow()
    expect(() => readText('<html><head><script type="application/ld+json">' + '['.repeat(100_000) + '</script></head><body><p>x</p></body></html>')).not.toThrow()
  })

  it('drops the site name from a `<title>`', () => {
    const page = (title: string, site: string) =>
      `<html><head><title>${title}</title>${site}</head><body><p>Body text here.</p></body></html>`
    expect(readText(page('Tariffs return | Harbor Desk', '<meta property="og:site_name" content="Harbor Desk">')).meta).toMatchObject({
      title: 'Tariffs return',
      publisher: 'Harbor Desk',
    })
    expect(readText(page('関税が復活 ｜ 港湾デスク', '<meta property="og:site_name" content="港湾デスク">')).meta.title).toBe('関税が復活')
    expect(readText(page('A long headline about tariffs returning | Desk', '')).meta.title).toBe('A long headline about tariffs returning')
  })

  it('reports a missing title and date on a bare page', () => {
    const source = readText('<html><body><p>Nothing to name this page by.</p></body></html>')
    expect(rules(source)).toEqual(['missing-title', 'missing-date'])
  })
})

describe('html reader: random markup', () => {
  it('never throws, and every claim points into the text', () => {
    const tokens = ['<p>', '</p>', '<div>', '</div>', '<b>', '</b>', '<h2>', '</h2>', '<ul>', '<li>', '</li>', '<script>', '</script>', '<!--', '-->', '<table><tr><td>', '&amp;', '&#8217;', 'Word. ', 'Another sentence! ', '\n', 'ALL CAPS', '<img alt="pic">', '<html>', '<body>', '<script type="application/ld+json">', '{', '"']
    const markup = fc.array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(''))
    fc.assert(
      fc.property(markup, (text) => {
        const source = readSource(new TextEncoder().encode(text), { file: 'random', format: 'html' })
        expectProvenance(source)
      }),
      { numRuns: 200 },
    )
  })
})

describe('html helpers', () => {
  it('measures nesting with a linear scan that ignores void, optional-end and script content', () => {
    expect(htmlNestingDepth('<div><p>a<br><img src=x><p>b</div>').depth).toBe(1)
    expect(htmlNestingDepth('<div><script>"<div><div><div>"</script></div>').depth).toBe(2)
    expect(htmlNestingDepth('<!-- <div><div> --><section><div></div></section>').depth).toBe(2)
    expect(htmlNestingDepth('<div>'.repeat(600)).offset).toBe(512 * 5)
  })

  it('strips tags into blocks: headings, bullets, paragraphs', () => {
    expect(htmlTextBlocks('<h2>Title &amp; more</h2><p>One <b>bold</b> line.</p><ul><li>Item</li></ul><style>x</style>')).toEqual([
      { kind: 'heading', text: 'Title & more', level: 2, marker: null },
      { kind: 'paragraph', text: 'One bold line.' },
      { kind: 'bullet', text: 'Item' },
    ])
  })

  it('detects pages, and not JSON or plain text', () => {
    expect(htmlReader.detect('<!DOCTYPE html><html></html>')).toBeGreaterThan(0.9)
    expect(htmlReader.detect('{"content":{"rendered":"<p>x</p>"}}')).toBeLessThan(0.1)
    expect(htmlReader.detect('Just some prose.\nAnother line.')).toBe(0)
  })

  it('detects a page saved as .txt', () => {
    expect(readSource(fixture('news-jsonld.html'), { file: 'saved.txt' }).format).toBe('html')
  })
})
