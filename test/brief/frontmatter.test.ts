import { describe, expect, it } from 'vitest'
import { DiagnosticBag } from '../../src/diagnostics/collector.js'
import { blankBriefMeta, readFrontmatter } from '../../src/brief/frontmatter.js'
import { brief, problems } from './parse-helpers.js'

const fm = (yaml: string): string => `---\n${yaml}\n---\n\nBody.\n`

describe('frontmatter', () => {
  it('reads every key', () => {
    const b = brief(
      fm(
        [
          'title: Korea–Japan cooperation after Camp David',
          'subtitle: >',
          '  What changed,',
          '  and what did not',
          'date: 2026-11-23',
          'authors:',
          '  - name: Jane Doe',
          '    affiliation: Center for Japanese Studies',
          '    role: Senior Fellow',
          '    email: jane@example.org',
          '  - Kim Min-su',
          'series: Sejong Policy Briefs',
          'number: 2023-13',
          'template: sejong',
          'citation-style: chicago-note',
          'lang: ko-KR',
          'abstract: |',
          '  First paragraph.',
          '',
          '  Second paragraph.',
          'bibliography: [refs.bib, extra.json]',
          'keywords: 한일 관계, export controls，ports',
        ].join('\n'),
      ),
    )
    expect(b.meta).toEqual({
      title: 'Korea–Japan cooperation after Camp David',
      subtitle: 'What changed, and what did not',
      date: '2026-11-23',
      authors: [
        { name: 'Jane Doe', affiliation: 'Center for Japanese Studies', role: 'Senior Fellow', email: 'jane@example.org' },
        { name: 'Kim Min-su', affiliation: null, role: null, email: null },
      ],
      series: 'Sejong Policy Briefs',
      number: '2023-13',
      template: 'sejong',
      citationStyle: 'chicago-note',
      lang: 'ko-KR',
      abstract: 'First paragraph.\n\nSecond paragraph.',
      bibliography: ['refs.bib', 'extra.json'],
      keywords: ['한일 관계', 'export controls', 'ports'],
    })
    expect(b.diagnostics).toEqual([])
    expect(b.tree.children.map((c) => c.type)).toEqual(['paragraph'])
  })

  it('a brief without frontmatter has blank metadata and no diagnostics', () => {
    const b = brief('# A heading\n\nSome prose [@a].\n')
    expect(b.meta).toEqual(blankBriefMeta())
    expect(b.diagnostics).toEqual([])
  })

  it('takes single values where lists are expected, and numbers as written', () => {
    expect(brief(fm('authors: Jane Doe\nnumber: 013\nbibliography: refs.bib')).meta).toMatchObject({
      authors: [{ name: 'Jane Doe', affiliation: null, role: null, email: null }],
      number: '013',
      bibliography: ['refs.bib'],
    })
    expect(brief(fm('authors: { name: Jane Doe, role: Fellow }\nnumber: 7')).meta).toMatchObject({
      authors: [{ name: 'Jane Doe', role: 'Fellow' }],
      number: '7',
    })
  })

  it.each([
    ['2026', '2026'],
    ['2026-11', '2026-11'],
    ['2026-11-23', '2026-11-23'],
    ['"2026-11-23"', '2026-11-23'],
    ['!!timestamp 2026-11-23', '2026-11-23'],
    ['!!timestamp 2026-11-23T08:00:00+09:00', '2026-11-23'],
  ])('date: %s', (written, iso) => {
    const b = brief(fm(`date: ${written}`))
    expect(b.meta.date).toBe(iso)
    expect(b.diagnostics).toEqual([])
  })

  it.each(['2026-13-01', '2026-02-30', 'November 23, 2026', '23/11/2026', '2026-11-23T10:00'])('date: %s is an error at the value', (written) => {
    const b = brief(fm(`title: T\ndate: ${written}`))
    expect(b.meta.date).toBeNull()
    expect(problems(b)).toEqual(['3:7 error brief-frontmatter'])
  })

  it('accepts pandoc\'s author and csl, and ignores pandoc settings', () => {
    const b = brief(fm('title: T\nauthor:\n  - Jane Doe\ncsl: styles/apa.csl\nlink-citations: true\nreference-section-title: References\nnocite: "@*"'))
    expect(b.meta.authors.map((a) => a.name)).toEqual(['Jane Doe'])
    expect(b.meta.citationStyle).toBe('styles/apa.csl')
    expect(b.diagnostics).toEqual([])
  })

  it('warns when an alias and its key are both given', () => {
    const b = brief(fm('authors: [A]\nauthor: [B]'))
    expect(b.meta.authors.map((a) => a.name)).toEqual(['A'])
    expect(problems(b)).toEqual(['3:1 warning brief-frontmatter'])
  })

  it('warns about unknown keys, with a guess for typos', () => {
    const b = brief(fm('titel: Korea\nfoo: 1\nCitation-Style: apa'))
    expect(b.diagnostics.map((d) => [d.line, d.column, d.severity, d.message])).toEqual([
      [2, 1, 'warning', 'unknown frontmatter key `titel` (did you mean `title`?); known keys are `title`, `subtitle`, `date`, `authors`, `series`, `number`, `template`, `citation-style`, `lang`, `abstract`, `bibliography`, `keywords`'],
      [3, 1, 'warning', 'unknown frontmatter key `foo`; known keys are `title`, `subtitle`, `date`, `authors`, `series`, `number`, `template`, `citation-style`, `lang`, `abstract`, `bibliography`, `keywords`'],
      [4, 1, 'warning', expect.stringContaining('(did you mean `citation-style`?)')],
    ])
  })

  it('says that inline references are not read', () => {
    const b = brief(fm('references:\n  - id: doe99'))
    expect(b.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('inline `references` are not read')])
  })

  it.each([
    ['authors: 3', '2:10', '`authors` must be a name, a list of names, or a list of `{ name, affiliation, role, email }`, not a number'],
    ['title: [a, b]', '2:8', '`title` must be text, not a list'],
    ['title: { a: b }', '2:8', '`title` must be text, not a mapping'],
    ['subtitle: true', '2:11', '`subtitle` must be text, not `true`'],
    ['lang: Korean', '2:7', '`lang: Korean` is not a language tag; write one such as `en-US`, `ko-KR` or `ja-JP`'],
    ['bibliography: [refs.bib, [a]]', '2:26', '`bibliography` must be a file path or a list of file paths, not a list'],
    ['authors:\n  - affiliation: X', '3:5', 'an author needs a `name`'],
    ['authors:\n  - name: Jane\n    email: jane.example.org', '4:12', '`email: jane.example.org` is not an e-mail address'],
    ['authors:\n  - name: ""', '3:11', 'an author\'s `name` is empty'],
    ['authors: [Jane, 3]', '2:17', 'an author must be a name or `{ name, affiliation, role, email }`, not a number'],
  ])('%s is an error at the value', (yaml, place, message) => {
    const b = brief(fm(yaml))
    expect(b.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`)).toEqual([`${place} error brief-frontmatter ${message}`])
  })

  it('authors: 3 on line 4 is reported at 4:10', () => {
    const b = brief('---\ntitle: Korea–Japan cooperation\ndate: 2026-11-23\nauthors: 3\n---\n\nBody.\n')
    expect(problems(b)).toEqual(['4:10 error brief-frontmatter'])
    expect(b.meta.title).toBe('Korea–Japan cooperation')
  })

  it('warns about unknown author keys, with a guess', () => {
    const b = brief(fm('authors:\n  - name: Jane\n    affilation: X'))
    expect(b.diagnostics.map((d) => [d.line, d.column, d.severity, d.message])).toEqual([
      [4, 5, 'warning', 'unknown author key `affilation` (did you mean `affiliation`?); known keys are `name`, `affiliation`, `role`, `email`'],
    ])
    expect(b.meta.authors).toEqual([{ name: 'Jane', affiliation: null, role: null, email: null }])
  })

  it('a YAML syntax error is one error at the place the YAML library gives, in the file', () => {
    const b = brief(fm('title: T\nauthors: [a, b\ndate: 2026'))
    expect(b.diagnostics).toHaveLength(1)
    expect(b.diagnostics[0]).toMatchObject({ rule: 'brief-frontmatter', severity: 'error', file: 'briefs/test.md', source: 'brief' })
    expect(b.diagnostics[0]!.line).toBeGreaterThanOrEqual(3)
    expect(b.diagnostics[0]!.message).toMatch(/^the frontmatter is not valid YAML: /)
    expect(b.meta).toEqual(blankBriefMeta())
  })

  it('a tab-indented key is placed on its line', () => {
    const b = brief(fm('title: T\n\tdate: 2026'))
    expect(problems(b)[0]).toMatch(/^3:\d+ error brief-frontmatter$/)
  })

  it('frontmatter that is not a mapping is an error', () => {
    expect(problems(brief(fm('- a\n- b')))).toEqual(['2:1 error brief-frontmatter'])
    expect(problems(brief(fm('just text')))).toEqual(['2:1 error brief-frontmatter'])
  })

  it('an empty frontmatter is fine', () => {
    const b = brief('---\n---\n\nBody.\n')
    expect(b.meta).toEqual(blankBriefMeta())
    expect(b.diagnostics).toEqual([])
  })

  it('an unterminated frontmatter is an error', () => {
    const b = brief('---\ntitle: T\ndate: 2026\n\nBody [@a].\n')
    expect(problems(b)).toEqual(['1:1 error brief-frontmatter'])
    expect(b.diagnostics[0]!.message).toBe('the frontmatter opened on line 1 is never closed; end it with a line `---`')
    expect(b.meta).toEqual(blankBriefMeta())
  })

  it('a thematic break followed by a blank line is not frontmatter', () => {
    const b = brief('---\n\nBody.\n')
    expect(b.diagnostics).toEqual([])
  })

  it('pandoc\'s `...` closes it too', () => {
    const b = brief('---\ntitle: T\n...\n\nBody.\n')
    expect(b.meta.title).toBe('T')
    expect(b.diagnostics).toEqual([])
    expect(b.tree.children.map((c) => c.type)).toEqual(['paragraph'])
  })

  it('CRLF line endings and a byte order mark', () => {
    const b = brief('\ufeff---\r\ntitle: T\r\nauthors: 3\r\n---\r\n\r\nBody [@a].\r\n')
    expect(b.meta.title).toBe('T')
    expect(problems(b)).toEqual(['3:10 error brief-frontmatter'])
    const paragraph = b.tree.children[0]!
    expect(paragraph.position?.start).toMatchObject({ line: 6, column: 1 })
  })

  it('an alias bomb is refused quickly', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i)
      const previous = String.fromCharCode(96 + i)
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`)
    }
    lines.push('title: *j')
    const started = Date.now()
    const b = brief(fm(lines.join('\n')))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(b.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([
      '2:1 brief-frontmatter the frontmatter could not be read: it uses YAML aliases (`*name`) too much; write the values out',
    ])
  })

  it('a bad value behind an alias is reported where the alias is used', () => {
    const b = brief(fm('x-list: &list [a, b]\ntitle: *list'))
    expect(b.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['3:8 `title` must be text, not a list'])
  })

  it('a few aliases are fine', () => {
    const b = brief(fm('authors: &team [Jane Doe, Kim Min-su]\nx-team: *team\ntitle: T'))
    expect(b.meta.authors.map((a) => a.name)).toEqual(['Jane Doe', 'Kim Min-su'])
  })

  it('readFrontmatter places problems from the line it is told', () => {
    const bag = new DiagnosticBag('b.md', 'brief')
    const meta = readFrontmatter('title: T\nauthors: 3\n', 10, bag)
    expect(meta.title).toBe('T')
    expect(bag.list.map((d) => [d.line, d.column])).toEqual([[11, 10]])
  })

  it('a frontmatter of megabytes is refused', () => {
    const b = brief(fm(`title: T\nabstract: ${'word '.repeat(100_000)}`))
    expect(problems(b)).toEqual(['2:1 error brief-frontmatter'])
  })
})
