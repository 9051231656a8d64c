import { describe, expect, it } from 'vitest'
import type { Source } from '../../src/model/source.js'
import { claims, expectProvenance, fixtureReader, rules, sectionList } from '../helpers/source.js'
import { readSource } from '../../src/readers/index.js'
import { repairLostOpeningTags, wordpressJsonReader } from '../../src/readers/wordpress-json.js'

const { fixture, read, readText } = fixtureReader('wordpress-json', 'post.json')
const headings = (source: Source): Array<[string | null, number]> => sectionList(source).map(([heading, , level]) => [heading, level])

describe('wordpress-json reader: a malformed, truncated post with lost opening tags', () => {
  const source = read('truncated-lost-tags.json')

  it('is detected as a WordPress post', () => {
    expect(source.format).toBe('wordpress-json')
  })

  it('recovers the metadata before the cut', () => {
    expect(source.meta.title).toBe('Ports and power: why Busan’s expansion worries its neighbors')
    expect(source.meta.date).toBe('2024-11-02')
    expect(source.meta.url).toBe('https://harborline.co.kr/2024/11/ports-and-power/')
    expect(source.meta.publisher).toBe('Harborline')
    expect(source.meta.kind).toBe('post')
  })

  it('says the JSON is malformed and truncated, at the places in the file', () => {
    const malformed = source.diagnostics.find((d) => d.rule === 'malformed-json')
    const truncated = source.diagnostics.find((d) => d.rule === 'truncated-input')
    expect(malformed).toMatchObject({ severity: 'warning', line: 1, column: 342, source: 'wordpress-json' })
    expect(truncated).toMatchObject({ severity: 'warning', line: 2 })
    // The modified date differs from the post date: reported at info level only.
    expect(source.diagnostics.filter((d) => d.rule === 'date-conflict').map((d) => d.severity)).toEqual(['info'])
  })

  it('turns bold chunks into headings and the other chunks into paragraphs', () => {
    expect(headings(source)).toEqual([
      [null, 1],
      ['THE REGIONAL RACE', 1],
      ['What comes next', 1],
    ])
    expect(new Set(claims(source).map((c) => c.paragraph)).size).toBe(6)
    expect(claims(source).every((c) => c.kind === 'sentence')).toBe(true)
  })

  it('leaves no markup or escapes in the claims', () => {
    const texts = claims(source).map((c) => c.text)
    expect(texts).toContain('Analysts at Harborline expect a price war in 2025.')
    expect(texts).toContain(
      'Kim Do-hyun, a logistics researcher at Pukyong National University, said the discounts cannot last beyond two years.',
    )
    for (const t of texts) {
      for (const bad of ['</', '<\\/', '\\u20', 'span>', '"rendered"']) expect(t).not.toContain(bad)
    }
    expect(texts).not.toContain(source.meta.title)
    expectProvenance(source)
  })
})

describe('wordpress-json reader: an array of well-formed posts with _embedded authors', () => {
  const source = read('posts-array-embedded.json')

  it('reads the first post and says the others were ignored', () => {
    expect(source.meta.title).toBe('Coast guard cooperation in the East Sea: small steps, steady gains')
    const info = source.diagnostics.find((d) => d.rule === 'unsupported-json')
    expect(info).toMatchObject({ severity: 'info', line: 1 })
    expect(info?.message).toMatch(/2 posts/)
    expect(source.text).not.toContain('fisheries talks ended')
  })

  it('takes author, publisher, language and the published (not modified) date', () => {
    expect(source.meta.authors).toEqual([{ name: 'Mina Park', email: null, affiliation: null, role: null }])
    expect(source.meta.publisher).toBe('East Sea Observer')
    expect(source.meta.date).toBe('2025-03-14')
    expect(source.meta.url).toBe('https://www.eastseaobserver.net/2025/03/coast-guard-cooperation-in-the-east-sea/')
    expect(source.meta.language).toBe('en')
    expect(source.id).toBe('park2025coast')
    expect(rules(source)).toEqual(['unsupported-json', 'date-conflict'])
    expect(source.diagnostics[1]).toMatchObject({ severity: 'info', message: expect.stringMatching(/^the modified date says `\d{4}-\d{2}-\d{2}` but the post date says `2025-03-14`/) })
  })

  it('nests sections: h2 headings, and a bold paragraph one level below', () => {
    expect(headings(source)).toEqual([
      [null, 1],
      ['What changed', 2],
      ['Why it matters', 2],
      ['Limits remain', 3],
    ])
  })

  it('makes each list item, nested ones too, its own bullet claim', () => {
    const bullets = claims(source).filter((c) => c.kind === 'bullet').map((c) => c.text)
    expect(bullets).toEqual([
      'Drills moved from annual to semiannual.',
      'Liaison officers were exchanged.',
      'One officer in Busan, one in Maizuru.',
      'Data on missing vessels is shared within six hours.',
    ])
  })

  it('decodes entities and drops scripts', () => {
    const texts = claims(source).map((c) => c.text)
    expect(texts).toContain('A liaison officer from each service now sits in the other’s regional command during exercises.')
    expect(texts.some((t) => t.startsWith('“Routine cooperation is the hardest kind to reverse,”'))).toBe(true)
    expect(source.text).not.toContain('FAKE CLAIM')
    expect(source.text).not.toContain('trackPost')
    expectProvenance(source)
  })
})

describe('wordpress-json reader: a Korean post', () => {
  const source = read('korean-post.json')

  it('reads Korean metadata and structure', () => {
    expect(source.meta).toMatchObject({
      title: '한일 공급망 대화, 무엇이 달라졌나',
      publisher: '한반도 정책 노트',
      date: '2025-06-02',
      language: 'ko',
    })
    expect(source.meta.authors.map((a) => a.name)).toEqual(['이서준'])
    expect(headings(source).map((h) => h[0])).toEqual([null, '합의의 내용', '남은 과제'])
    const bullets = claims(source).filter((c) => c.kind === 'bullet').map((c) => c.text)
    expect(bullets).toEqual(['분기별 재고 정보 교환', '긴급 연락 창구 지정', '공동 연구 과제 세 건 선정'])
    expect(claims(source).map((c) => c.text)).toContain('양국은 반도체 소재의 재고 정보를 분기마다 교환하기로 합의했다.')
    expectProvenance(source)
  })
})

describe('wordpress-json reader: JSON that is not a post', () => {
  it('reports unsupported-json as an error and yields no claims', () => {
    const source = read('not-a-post.json')
    expect(source.format).toBe('wordpress-json')
    expect(source.diagnostics[0]).toMatchObject({ rule: 'unsupported-json', severity: 'error', line: 1, column: 1 })
    expect(claims(source)).toEqual([])
  })
})

describe('wordpress-json reader: hostile input', () => {
  it('reports an empty file as empty', () => {
    const source = readText('   \n', 'empty.json')
    expect(rules(source)).toEqual(['empty-input'])
  })

  it('survives 100k nested `[` quickly', () => {
    const start = Date.now()
    const source = readText('['.repeat(100_000), 'deep.json')
    expect(Date.now() - start).toBeLessThan(3000)
    expect(source.format).toBe('wordpress-json')
    expect(rules(source)).toEqual(expect.arrayContaining(['truncated-input', 'deep-nesting', 'unsupported-json']))
    expect(claims(source)).toEqual([])
  })

  it('survives balanced arrays nested 100k deep', () => {
    const source = readText('['.repeat(100_000) + ']'.repeat(100_000), 'deep.json')
    expect(rules(source)).toContain('unsupported-json')
  })

  it('recovers something from every cut of a post, never throwing, provenance intact', () => {
    const text = fixture('posts-array-embedded.json').toString('utf8')
    for (let cut = 1; cut < text.length; cut += 89) {
      const source = readText(text.slice(0, cut))
      expectProvenance(source)
      if (cut > 60 && cut < text.length - 10) expect(rules(source)).toContain('truncated-input')
    }
  })

  it('reads post HTML nested 10,000 deep as plain text', () => {
    const content = '<div>'.repeat(10_000) + '<p>Words deep inside the post.</p>' + '</div>'.repeat(10_000)
    const text = JSON.stringify({ title: { rendered: 'Deep' }, date: '2024-05-01T00:00:00', content: { rendered: content } })
    const start = Date.now()
    const source = readText(text)
    expect(Date.now() - start).toBeLessThan(3000)
    expect(rules(source)).toContain('deep-nesting')
    expect(claims(source).map((c) => c.text)).toEqual(['Words deep inside the post.'])
  })

  it('keeps script text in content out of the claims', () => {
    const text = JSON.stringify({
      title: { rendered: 'Scripted' },
      content: { rendered: '<p>Real sentence.</p><script>var s = "<p>Fake sentence.</p>";</script><style>p{}</style>' },
    })
    const source = readText(text)
    expect(claims(source).map((c) => c.text)).toEqual(['Real sentence.'])
  })

  it('reports a date it cannot read', () => {
    const source = readText(JSON.stringify({ title: { rendered: 'T' }, date: 'yesterday', content: { rendered: '<p>A.</p>' } }))
    expect(rules(source)).toContain('invalid-date')
    expect(source.meta.date).toBeNull()
  })
})

describe('repairLostOpeningTags', () => {
  it('wraps chunks as paragraphs and short bold chunks as bold paragraphs', () => {
    const html = 'Text one.</span></p>\n Text two with <i>kept</i> italics.</span></p>\n HEADING</b></p>\n'
    expect(repairLostOpeningTags(html)).toBe('<p>Text one.</p>\n<p>Text two with <i>kept</i> italics.</p>\n<p><b>HEADING</b></p>')
  })

  it('leaves well-formed HTML alone', () => {
    const html = '<p>One.</p><p>Two.</p><p>Three.</p>'
    expect(repairLostOpeningTags(html)).toBe(html)
  })
})

describe('wordpress-json detection', () => {
  it('is sure of REST API JSON and unsure of other JSON and of non-JSON', () => {
    expect(wordpressJsonReader.detect('{"id":1,"title":{"rendered":"x"}}')).toBeGreaterThan(0.9)
    expect(wordpressJsonReader.detect('{"name":"x"}')).toBeLessThan(0.5)
    expect(wordpressJsonReader.detect('<html></html>')).toBe(0)
  })

  it('detects a post saved with a .txt name', () => {
    const text = fixture('truncated-lost-tags.json')
    expect(readSource(text, { file: 'scrape.txt' }).format).toBe('wordpress-json')
  })
})
