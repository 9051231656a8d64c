import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { claims, expectProvenance, fixtureReader, rules, sectionList } from '../helpers/source.js'
import { readSource } from '../../src/readers/index.js'
import { markdownReader } from '../../src/readers/markdown.js'

const { fixture, read, readText } = fixtureReader('markdown', 'doc.md', { forceFormat: true })
const headings = sectionList

describe('markdown reader: a brief with frontmatter and nested lists', () => {
  const source = read('brief-frontmatter.md')

  it('reads every frontmatter field', () => {
    expect(source.format).toBe('markdown')
    expect(source.meta).toEqual({
      title: 'Semiconductor export controls and the Korea–Japan thaw',
      authors: [
        { name: 'Hana Cho', email: 'hcho@riverside-policy.org', affiliation: 'Riverside Policy Center', role: 'Senior Fellow' },
        { name: 'Tomas Lindqvist', email: null, affiliation: null, role: null },
      ],
      publisher: 'Riverside Policy Center',
      originalPublisher: null,
      date: '2025-05-12',
      url: 'https://riverside-policy.org/briefs/2025-07',
      language: 'en',
      kind: 'brief',
      series: 'Riverside Policy Briefs',
      number: '2025-07',
    })
    expect(source.id).toBe('cho2025semiconductor')
    expect(source.diagnostics).toEqual([])
  })

  it('does not repeat the title as a section; ## headings keep their marker', () => {
    expect(headings(source)).toEqual([
      [null, null, 1],
      ['Where things stand', '##', 2],
      ['Recommendations', '##', 2],
    ])
    expect(source.text).not.toContain('Semiconductor export controls')
  })

  it('makes every list item a bullet, nested items separately', () => {
    const bullets = claims(source).filter((c) => c.kind === 'bullet').map((c) => c.text)
    expect(bullets).toEqual([
      'Both governments removed the 2019 restrictions on three key chemicals.',
      'Trade in the affected materials has recovered.',
      'Imports of hydrogen fluoride from Japan returned to pre-2019 levels by late 2024.',
      'Photoresist imports recovered more slowly.',
      'Firms have kept the alternative suppliers they found after 2019.',
      'Create a standing consultation channel on export controls.',
      'Share early warnings about supply disruptions with both industries.',
      'Material | Share of imports from Japan',
      'Hydrogen fluoride | 45%',
      'Photoresist | 80%',
    ])
  })

  it('splits prose and block quotes into sentences, and skips code', () => {
    const sentences = claims(source).filter((c) => c.kind === 'sentence').map((c) => c.text)
    expect(sentences).toEqual([
      'Japan restored South Korea to its list of trusted trading partners in 2023.',
      'Seoul answered in kind within weeks.',
      'Diversification that began as a crisis measure has become ordinary procurement policy.',
      'The channel should meet at least twice a year.',
      'It should report to trade ministers.',
    ])
    expect(source.text).not.toContain('ignore me')
    expect(source.text).not.toContain('**')
    expectProvenance(source)
  })
})

describe('markdown reader: Korean notes without frontmatter', () => {
  const source = read('korean-notes.md')

  it('takes the first level-1 heading as the title', () => {
    expect(source.meta.title).toBe('2025년 한중일 정상회의 전망')
    expect(source.meta.language).toBe('ko')
    expect(source.meta.kind).toBe('document')
    expect(headings(source).map((h) => h[0])).toEqual([null, '주요 의제', '평가'])
    expect(rules(source)).toEqual(['missing-date'])
  })

  it('reads Korean sentences and bullets', () => {
    const texts = claims(source).map((c) => c.text)
    expect(texts).toContain('외교부는 의제 조율을 위한 실무 협의를 시작했다고 밝혔다.')
    expect(claims(source).filter((c) => c.kind === 'bullet')).toHaveLength(3)
    expectProvenance(source)
  })
})

describe('markdown reader: frontmatter problems', () => {
  it('reports invalid YAML at its line in the file and still reads the body', () => {
    const source = read('invalid-frontmatter.md')
    const bad = source.diagnostics.find((d) => d.rule === 'frontmatter-invalid')
    expect(bad).toMatchObject({ severity: 'warning', line: 5, source: 'markdown' })
    expect(claims(source).map((c) => c.text)).toEqual(['The second phase of the expansion depends on a dredging study due next spring.'])
  })

  it('reports an unknown kind and an unreadable date at their lines', () => {
    const source = readText('---\ntitle: T\nkind: pamphlet\ndate: sometime soon\n---\n\nBody text.\n')
    expect(source.diagnostics.find((d) => d.rule === 'frontmatter-invalid')).toMatchObject({ line: 3, column: 7 })
    expect(source.diagnostics.find((d) => d.rule === 'invalid-date')).toMatchObject({ line: 4, column: 7 })
    expect(source.meta.kind).toBe('document')
    expect(source.meta.date).toBeNull()
  })

  it('accepts written-out dates, a single author string and `language`', () => {
    const source = readText('---\ntitle: T\ndate: May 3, 2024\nauthor: Jane Roe\nlanguage: ko-KR\nnumber: 12\n---\n\nBody text.\n')
    expect(source.meta).toMatchObject({ date: '2024-05-03', language: 'ko', number: '12' })
    expect(source.meta.authors.map((a) => a.name)).toEqual(['Jane Roe'])
  })

  it('refuses a YAML alias bomb quickly', () => {
    const bomb = ['---', 'a: &a [x, x, x, x, x, x, x, x, x]']
    for (let k = 0; k < 8; k++) bomb.push(`${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [*${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}, *${String.fromCharCode(97 + k)}]`)
    bomb.push('---', '', 'Body.')
    const start = Date.now()
    const source = readText(bomb.join('\n'))
    expect(Date.now() - start).toBeLessThan(2000)
    expect(source.diagnostics.find((d) => d.rule === 'frontmatter-invalid')).toMatchObject({ line: 2 })
  })
})

describe('markdown reader: hostile input', () => {
  const cases: Array<[string, string]> = [
    ['50k emphasis markers', '# T\n\n' + '*'.repeat(50_000) + 'x' + '*'.repeat(50_000)],
    ['50k nested brackets', '# T\n\n' + '['.repeat(50_000) + 'x' + ']'.repeat(50_000)],
    ['10k nested block quotes', '# T\n\n' + '> '.repeat(10_000) + 'deep'],
    ['lists nested 1,000 deep', '# T\n\n' + Array.from({ length: 1000 }, (_, k) => '  '.repeat(k) + '- item').join('\n')],
    ['nested strong and emphasis', '# T\n\n' + '*a **a '.repeat(5000) + 'b' + ' a** a*'.repeat(5000)],
    ['growing backtick runs', '# T\n\n' + Array.from({ length: 1500 }, (_, i) => 'e' + '`'.repeat(i)).join('')],
  ]
  for (const [name, text] of cases) {
    it(`reads ${name} quickly, as plain text, and says so`, () => {
      const start = Date.now()
      const source = readText(text)
      expect(Date.now() - start).toBeLessThan(3000)
      expect(source.meta.title).toBe('T')
      expect(rules(source)).toContain('deep-nesting')
      expect(claims(source).length).toBeGreaterThan(0)
      expectProvenance(source)
    })
  }

  it('leaves fenced code alone however many delimiters it has', () => {
    const code = '```\n' + 'x_y*z[0] '.repeat(2000) + '\n```\n\nAfter the code.\n'
    const source = readText(code)
    expect(rules(source)).not.toContain('deep-nesting')
    expect(claims(source).map((c) => c.text)).toEqual(['After the code.'])
  })

  it('reports an empty file as empty', () => {
    expect(rules(readText(' \n\n'))).toEqual(['empty-input'])
  })
})

describe('markdown reader: random markup', () => {
  it('never throws, and every claim points into the text', () => {
    const tokens = ['# ', '## ', '- ', '1. ', '> ', '*', '**', '_', '`', '```', '[', ']', '(', ')', '|', '---\n', 'title: x\n', 'Word. ', 'Another sentence! ', '\n', '\n\n', '  ', '<div>', '![a](b)', '&amp;']
    const markup = fc.array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(''))
    fc.assert(
      fc.property(markup, (text) => {
        const source = readSource(new TextEncoder().encode(text), { file: 'random', format: 'markdown' })
        expectProvenance(source)
      }),
      { numRuns: 200 },
    )
  })
})

describe('markdown detection', () => {
  it('scores frontmatter and headings high, JSON and HTML not at all', () => {
    expect(markdownReader.detect(fixture('brief-frontmatter.md').toString('utf8'))).toBeGreaterThan(0.8)
    expect(markdownReader.detect('{"a":1}')).toBe(0)
    expect(markdownReader.detect('<!doctype html><html></html>')).toBe(0)
  })

  it('reads .md files as Markdown', () => {
    expect(read('korean-notes.md').format).toBe('markdown')
  })
})
