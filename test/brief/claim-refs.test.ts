import { describe, expect, it } from 'vitest'
import { brief, claimRefsOf, nodesOf, problems, textOf } from './parse-helpers.js'

describe(':claim[ID]', () => {
  it('becomes a claimRef node, placed in the file', () => {
    const text = '---\ntitle: T\n---\n\n- :claim[jin2023indopacific.k3f9a]\n- Seoul moved first.\n'
    const [ref] = claimRefsOf(text)
    expect(ref).toEqual({
      type: 'claimRef',
      id: 'jin2023indopacific.k3f9a',
      quote: false,
      position: { start: { line: 5, column: 3, offset: 20 }, end: { line: 5, column: 35, offset: 52 } },
    })
    expect(brief(text).diagnostics).toEqual([])
  })

  it('{quote} and {.quote} make it a quotation', () => {
    expect(claimRefsOf('A :claim[jin2023indopacific.k3f9a]{quote} B :claim[jin2023indopacific.k3f9a]{.quote}').map((r) => r.quote)).toEqual([true, true])
  })

  it('takes Korean and Japanese source ids, longer hashes and repeat suffixes', () => {
    expect(claimRefsOf('- :claim[佐藤2025日韓.ab12c-2]\n- :claim[김2024한일.k3f9ab]\n- :claim[cho2025semiconductor.0123456789ab]').map((r) => r.id)).toEqual([
      '佐藤2025日韓.ab12c-2',
      '김2024한일.k3f9ab',
      'cho2025semiconductor.0123456789ab',
    ])
  })

  it('works inside emphasis, headings, table cells and next to citations', () => {
    const text = '## On :claim[a2024x.bcdef]\n\n*As :claim[a2024x.ghjkm] says* [@a2024x].\n\n| c |\n| - |\n| :claim[a2024x.npqrs] |\n'
    expect(claimRefsOf(text).map((r) => r.id)).toEqual(['a2024x.bcdef', 'a2024x.ghjkm', 'a2024x.npqrs'])
    expect(nodesOf(brief(text).tree, 'cite')).toHaveLength(1)
  })

  it('is not read in code', () => {
    const text = 'Write `:claim[a2024x.bcdef]`.\n\n```\n:claim[a2024x.bcdef]\n```\n'
    expect(claimRefsOf(text)).toEqual([])
    expect(brief(text).diagnostics).toEqual([])
  })
})

describe('malformed :claim directives', () => {
  const cases: Array<[string, string, string]> = [
    ['empty label', 'x :claim[] y', '1:3'],
    ['no label', 'x :claim{quote} y', '1:3'],
    ['markup in the label', 'x :claim[*a2024x.bcdef*] y', '1:3'],
    ['not an id', 'x :claim[hello world] y', '1:3'],
    ['a source id', 'x :claim[jin2023indopacific] y', '1:3'],
    ['upper case', 'x :claim[jin2023indopacific.K3F9A] y', '1:3'],
    ['hash too short', 'x :claim[jin2023indopacific.k3f9] y', '1:3'],
    ['unknown attribute', 'x :claim[a2024x.bcdef]{foo} y', '1:3'],
    ['unknown class', 'x :claim[a2024x.bcdef]{.fancy} y', '1:3'],
    ['an id attribute', 'x :claim[a2024x.bcdef]{#here} y', '1:3'],
  ]
  it.each(cases)('%s is an invalid-claim-ref error at its place, left as text', (_, line, place) => {
    const text = `---\ntitle: T\n---\n\nFirst paragraph.\n\n${line}\n`
    const b = brief(text)
    expect(claimRefsOf(text)).toEqual([])
    const shifted = place.replace(/^1:/, '7:')
    expect(problems(b)).toEqual([`${shifted} error invalid-claim-ref`])
    expect(textOf(b.tree)).toBe(`First paragraph.|${line}`)
  })

  it('says what is wrong', () => {
    const messages = brief('a :claim[jin2023indopacific] b :claim[a2024x.BCDEF] c :claim[a2024x.bcdef]{foo}').diagnostics.map((d) => d.message)
    expect(messages).toEqual([
      '`jin2023indopacific` is a source id, not a claim id; cite a source with `[@jin2023indopacific]`, or give the claim\'s id (`brief show jin2023indopacific` lists them)',
      '`a2024x.BCDEF` is not a claim id: claim ids are lower case, `a2024x.bcdef`',
      'unknown attribute `foo`; `:claim` takes only `{quote}`',
    ])
  })

  it('::claim and :::claim (block directives) are reported', () => {
    const b = brief('Intro.\n\n::claim[a2024x.bcdef]\n\n:::claim\n')
    expect(problems(b)).toEqual(['3:1 error invalid-claim-ref', '5:1 error invalid-claim-ref'])
  })
})

describe('prose with colons stays exactly as written', () => {
  it.each([
    'The talks began at 10:30 and ended at 14:05.',
    'A 3:1 ratio, a 2:1 vote, and Psalm 23:4.',
    'Emoji codes like :smile: and :+1: are text.',
    'Labels a:b[x]{y} and :foo[bar]{.baz} and :note[see this] are not ours.',
    'Times 10:30[1] and refs 3:1{a}.',
    'A scope std::vector, a path C:\\temp and a:b:c.',
    'The :claims word and a :claim without brackets.',
    'Escaped \\:claim[a2024x.bcdef] is text.',
  ])('%s', (line) => {
    const b = brief(line)
    expect(textOf(b.tree)).toBe(line.replace('\\:', ':'))
    expect(b.diagnostics).toEqual([])
    expect(nodesOf(b.tree, 'paragraph')).toHaveLength(1)
  })

  it('leaf and container directive lines stay paragraphs of text', () => {
    const text = '::leaf[label]{a=b}\n\n:::note\nInside.\n:::\n'
    const b = brief(text)
    expect(b.tree.children.map((c) => c.type)).toEqual(['paragraph', 'paragraph'])
    expect(textOf(b.tree)).toBe('::leaf[label]{a=b}|:::note\nInside.\n:::')
    expect(b.diagnostics).toEqual([])
  })
})
