import { describe, expect, it } from 'vitest'
import type { CiteNode } from '../../src/model/brief.js'
import { brief, citesOf, item, nodesOf, problems, textOf } from './parse-helpers.js'

const one = (text: string): CiteNode => {
  const cites = citesOf(text)
  expect(cites).toHaveLength(1)
  return cites[0]!
}
const items = (text: string): CiteNode['items'] => one(text).items

describe('bracketed citations', () => {
  it('[@key]', () => {
    const cite = one('As argued [@jin2023indopacific].')
    expect(cite).toMatchObject({ type: 'cite', narrative: false, raw: '[@jin2023indopacific]', items: [item('jin2023indopacific')] })
  })

  it.each([
    ['[@key, p. 4]', 'page', '4'],
    ['[@key, pp. 4-6]', 'page', '4-6'],
    ['[@key, pp. 33, 35–37]', 'page', '33, 35–37'],
    ['[@key, sec. 2.1]', 'section', '2.1'],
    ['[@key, § 3]', 'section', '3'],
    ['[@key, para. 9]', 'paragraph', '9'],
    ['[@key, ¶ 9]', 'paragraph', '9'],
    ['[@key, chap. 2]', 'chapter', '2'],
    ['[@key, ch. 2]', 'chapter', '2'],
    ['[@key, fig. 3]', 'figure', '3'],
    ['[@key, l. 12]', 'line', '12'],
    ['[@key, n. 7]', 'note', '7'],
    ['[@key, vol. 2]', 'volume', '2'],
    ['[@key, pt. 1]', 'part', '1'],
    ['[@key, vv. 3-5]', 'verse', '3-5'],
    ['[@key, Page 4]', 'page', '4'],
    ['[@key, sections 2-3]', 'section', '2-3'],
    ['[@key, p. iv]', 'page', 'iv'],
    ['[@key, p. {A-3, back cover}]', 'page', 'A-3, back cover'],
    ['[@key p. 4]', 'page', '4'],
    ['[@key, 33]', 'page', '33'],
    ['[@key, pp. 4-6]', 'page', '4-6'],
    ['[@key, PP. 4]', 'page', '4'],
    ['[@key, §§ 3-4]', 'section', '3-4'],
    ['[@key, ¶¶ 2]', 'paragraph', '2'],
    ['[@key, p.4]', 'page', '4'],
    ['[@key, pages 4]', 'page', '4'],
  ])('%s has a %s locator', (written, label, value) => {
    expect(items(`Text ${written}.`)).toEqual([item('key', { locator: { label: label as never, value } })])
  })

  it('keeps what follows the locator as the suffix', () => {
    expect(items('x [@key, p. 4 and passim]')).toEqual([item('key', { locator: { label: 'page', value: '4' }, suffix: 'and passim' })])
    expect(items('x [@key, p. 4, emphasis added]')).toEqual([item('key', { locator: { label: 'page', value: '4' }, suffix: ', emphasis added' })])
  })

  it('a label without a number is not a locator', () => {
    expect(items('x [@key, n.d.]')).toEqual([item('key', { suffix: ', n.d.' })])
    expect(items('x [@key, p. A]')).toEqual([item('key', { suffix: ', p. A' })])
  })

  it('a suffix without a locator keeps its comma, as pandoc does', () => {
    expect(items('x [@key, and passim]')).toEqual([item('key', { suffix: ', and passim' })])
    expect(items('x [@key, party line]')).toEqual([item('key', { suffix: ', party line' })])
    // A label is a whole word: `pagesx 4` is not `pages`, `linear 2` is not `line`.
    expect(items('x [@key, pagesx 4]')).toEqual([item('key', { suffix: ', pagesx 4' })])
    expect(items('x [@key, linear 2]')).toEqual([item('key', { suffix: ', linear 2' })])
  })

  it('reads a prefix', () => {
    expect(items('x [see @key, para. 3]')).toEqual([item('key', { prefix: 'see', locator: { label: 'paragraph', value: '3' } })])
  })

  it('reads several items with their own prefixes and locators', () => {
    expect(items('x [@a; @b]')).toEqual([item('a'), item('b')])
    expect(items('x [see @a, p. 3; also @b, chap. 2]')).toEqual([
      item('a', { prefix: 'see', locator: { label: 'page', value: '3' } }),
      item('b', { prefix: 'also', locator: { label: 'chapter', value: '2' } }),
    ])
  })

  it('[-@key] suppresses the author', () => {
    expect(one('Kim says [-@kim2024, p. 2].')).toMatchObject({ narrative: false, items: [item('kim2024', { suppressAuthor: true, locator: { label: 'page', value: '2' } })] })
  })

  it('braced keys take any characters', () => {
    expect(items('x [@{key with odd chars}]')).toEqual([item('key with odd chars')])
    expect(items('x [@{https://example.com/bib?name=foobar&date=2000}, p. 33]')).toEqual([
      item('https://example.com/bib?name=foobar&date=2000', { locator: { label: 'page', value: '33' } }),
    ])
  })

  it('prefix and suffix may hold emphasis, kept as plain text', () => {
    const cite = one('As [see *Kim* @key, p. 4, **emphasis** added] shows.')
    expect(cite.items).toEqual([item('key', { prefix: 'see Kim', locator: { label: 'page', value: '4' }, suffix: ', emphasis added' })])
    expect(cite.raw).toBe('[see *Kim* @key, p. 4, **emphasis** added]')
  })
})

describe('narrative citations', () => {
  it('@key in running text', () => {
    const b = brief('As @jin2023indopacific argues, relations improved.')
    const [cite] = citesOf('As @jin2023indopacific argues, relations improved.')
    expect(cite).toMatchObject({ narrative: true, raw: '@jin2023indopacific', items: [item('jin2023indopacific')] })
    expect(textOf(b.tree)).toBe('As |@jin2023indopacific| argues, relations improved.')
  })

  it('@key [p. 4] takes the bracket as its locator', () => {
    expect(one('As @kim2024 [p. 4] says.')).toMatchObject({ narrative: true, raw: '@kim2024 [p. 4]', items: [item('kim2024', { locator: { label: 'page', value: '4' } })] })
    expect(one('As @kim2024 [p. 4; @lee2023] say.').items).toEqual([item('kim2024', { locator: { label: 'page', value: '4' } }), item('lee2023')])
  })

  it('a following bracketed citation stays its own citation', () => {
    const cites = citesOf('@kim2024 [@lee2023] and more.')
    expect(cites.map((c) => [c.raw, c.narrative])).toEqual([['@kim2024', true], ['[@lee2023]', false]])
  })

  it('trailing punctuation is not part of the key; internal punctuation is', () => {
    expect(citesOf('Read @doe99. Then @doe99: and (@doe99) and @Foo_bar.baz.').map((c) => c.items[0]!.key)).toEqual(['doe99', 'doe99', 'doe99', 'Foo_bar.baz'])
    expect(citesOf('See @Foo_bar--baz.').map((c) => c.items[0]!.key)).toEqual(['Foo_bar'])
    expect(citesOf('@kim2024’s view').map((c) => c.items[0]!.key)).toEqual(['kim2024'])
  })

  it('reads Korean, Japanese and Chinese keys', () => {
    expect(citesOf('앞서 @김2024한일 [p. 3]와 [@佐藤2025日韓, sec. 2]를 보라.').map((c) => c.items[0])).toEqual([
      item('김2024한일', { locator: { label: 'page', value: '3' } }),
      item('佐藤2025日韓', { locator: { label: 'section', value: '2' } }),
    ])
  })

  it('-@key in running text gives the year alone (pandoc)', () => {
    expect(one('Kim -@kim2024 says.')).toMatchObject({ narrative: false, raw: '-@kim2024', items: [item('kim2024', { suppressAuthor: true })] })
  })
})

describe('what is not a citation', () => {
  it('e-mail addresses, handles inside words, and URLs', () => {
    const text = 'Write to jane@example.org or jane.doe@localhost, a-@b, x@y, https://mastodon.social/@user.'
    expect(citesOf(text)).toEqual([])
    expect(brief(text).diagnostics).toEqual([])
  })

  it('nothing in code spans, code blocks, link text or link URLs', () => {
    const b = brief('Code `[@a] @b` here.\n\n```\n[@c] @d\n```\n\n    [@e] indented\n\n[@f](https://example.org/@g) and <https://example.org/@h>\n')
    expect(nodesOf(b.tree, 'cite')).toEqual([])
    expect(b.diagnostics).toEqual([])
    expect(citesOf('Code `[@a] @b` here.\n\n```\n[@c] @d\n```\n')).toEqual([])
  })

  it('[@key]: url is a definition and [@key][ref] a reference, left alone', () => {
    const b = brief('See [@def].\n\n[@def]: https://example.org\n')
    expect(citesOf('See [@def].\n\n[@def]: https://example.org\n')).toEqual([])
    expect(b.diagnostics).toEqual([])
  })

  it('escaped brackets and @, and character references, are text', () => {
    expect(citesOf('Not \\[@a\\] but').map((c) => c.raw)).toEqual(['@a'])
    expect(citesOf('Not \\@a, nor &#64;b, nor &#x40;c.')).toEqual([])
    expect(citesOf('Not [@a&#93;.').map((c) => c.raw)).toEqual(['@a'])
  })

  it('a bracket with @ that is not a citation is reported and left as text', () => {
    const text = 'One [@] two [@key, ] three [@key; ] four [see @ home] five.'
    const b = brief(text)
    expect(citesOf(text)).toEqual([])
    expect(textOf(b.tree)).toBe(text)
    expect(problems(b)).toEqual(['1:5 warning invalid-citation', '1:13 warning invalid-citation', '1:28 warning invalid-citation', '1:42 warning invalid-citation'])
    expect(b.diagnostics[1]!.message).toBe('`[@key, ]` is not a citation: nothing follows the comma; remove it, or add a locator such as `p. 4`')
  })

  it('a link inside a citation\'s brackets is reported', () => {
    const b = brief('As [see [the report](https://example.org) @key] says.')
    expect(citesOf('As [see [the report](https://example.org) @key] says.')).toEqual([])
    expect(b.diagnostics.map((d) => [d.line, d.column, d.rule, d.message])).toEqual([
      [1, 4, 'invalid-citation', '`[see [the report](https://example.org) @key]` is not a citation: a citation cannot hold a link, image, footnote or `:claim`; move it out of the brackets'],
    ])
  })

  it('brackets without @ are prose', () => {
    const text = 'A [sic] note [1] and [see above].'
    expect(citesOf(text)).toEqual([])
    expect(brief(text).diagnostics).toEqual([])
  })
})

describe('citations in context', () => {
  it('in emphasis, list items, table cells and headings', () => {
    const text = [
      '## Findings of @kim2024',
      '',
      '- First [@a, p. 1]',
      '  - nested *see @b*',
      '',
      '| Claim | Source |',
      '| --- | --- |',
      '| Drills resumed | [@c; @d] |',
      '',
      '> Quoted [@e].',
      '',
      'Footnote.[^1]',
      '',
      '[^1]: As in [@f].',
    ].join('\n')
    expect(citesOf(text).map((c) => c.items.map((i) => i.key).join('+'))).toEqual(['kim2024', 'a', 'b', 'c+d', 'e', 'f'])
  })
})

describe('positions', () => {
  it('places each citation in the file, after the frontmatter', () => {
    const text = '---\ntitle: T\n---\n\nFirst line.\nAs @kim2024 [p. 4] says [see @a; @b].\n'
    const [narrative, bracketed] = citesOf(text)
    expect(narrative!.position).toEqual({ start: { line: 6, column: 4, offset: 33 }, end: { line: 6, column: 19, offset: 48 } })
    expect(bracketed!.position!.start).toMatchObject({ line: 6, column: 25 })
    expect(bracketed!.position!.end).toMatchObject({ line: 6, column: 37 })
    expect(text.slice(bracketed!.position!.start.offset, bracketed!.position!.end.offset)).toBe('[see @a; @b]')
  })

  it('keeps the text around a citation placed too', () => {
    const b = brief('Before [@a] after.')
    const paragraph = b.tree.children[0]!
    expect(paragraph.type === 'paragraph' && paragraph.children.map((c) => [c.type, c.position?.start.column, c.position?.end.column])).toEqual([
      ['text', 1, 8],
      ['cite', 8, 12],
      ['text', 12, 19],
    ])
  })

  it('a citation across lines of a block quote or list item', () => {
    const text = '> Quoted [see @q,\n> p. 5] here.\n\n- item [@r,\n  p. 6]\n'
    const [q, r] = citesOf(text)
    expect(q).toMatchObject({ raw: '[see @q,\n> p. 5]', items: [item('q', { prefix: 'see', locator: { label: 'page', value: '5' } })] })
    expect(q!.position).toEqual({ start: { line: 1, column: 10, offset: 9 }, end: { line: 2, column: 8, offset: 25 } })
    expect(r!.raw).toBe('[@r,\n  p. 6]')
    expect(r!.position!.end).toMatchObject({ line: 5, column: 8 })
  })

  it('after escapes and character references on the same line', () => {
    const text = 'A \\* star &amp; [@key] end'
    const [cite] = citesOf(text)
    expect(cite!.position!.start).toMatchObject({ line: 1, column: 17, offset: 16 })
    expect(text.slice(cite!.position!.start.offset, cite!.position!.end.offset)).toBe('[@key]')
  })

  it('after a bare URL or e-mail address (GFM links them and drops their positions)', () => {
    const text = 'Mail jane@example.org or see https://example.org/x, then [@key].'
    const b = brief(text)
    const [cite] = nodesOf(b.tree, 'cite')
    expect(text.slice(cite!.position!.start.offset, cite!.position!.end.offset)).toBe('[@key]')
    expect(cite!.position!.start).toMatchObject({ line: 1, column: 58 })
    const [mail, url] = nodesOf(b.tree, 'link')
    expect(mail!.position!.start).toMatchObject({ line: 1, column: 6 })
    expect(url!.position!.start).toMatchObject({ line: 1, column: 30 })
  })

  it('with Korean text before the citation (columns count UTF-16 units)', () => {
    const [cite] = citesOf('한일 관계는 @김2024한일 이후')
    expect(cite!.position!.start).toMatchObject({ line: 1, column: 8 })
  })

  it('reports invalid citations where they are', () => {
    const b = brief('---\ntitle: T\n---\n\nText.\n\n- an item with [@, p. 4]\n')
    expect(problems(b)).toEqual(['7:16 warning invalid-citation'])
    expect(b.diagnostics[0]).toMatchObject({ file: 'briefs/test.md', source: 'brief' })
  })
})
