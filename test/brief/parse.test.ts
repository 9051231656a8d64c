import fc from 'fast-check'
import type { Nodes } from 'mdast'
import { describe, expect, it } from 'vitest'
import { parseBrief } from '../../src/brief/index.js'
import type { Brief } from '../../src/model/brief.js'
import { brief, nodesOf } from './parse-helpers.js'

const rules = (b: Brief): string[] => [...new Set(b.diagnostics.map((d) => d.rule))]

/** Every cite's position points at its raw text, and every position lies inside the file. */
function expectPlaced(b: Brief, text: string): void {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text
  const wrong: string[] = []
  const stack: Nodes[] = [b.tree]
  while (stack.length > 0) {
    const node = stack.pop()!
    const p = node.position
    if (p && !(p.start.offset! >= 0 && p.start.offset! <= p.end.offset! && p.end.offset! <= body.length)) wrong.push(`${node.type} at ${JSON.stringify(p)}`)
    if (node.type === 'cite' && body.slice(node.position!.start.offset, node.position!.end.offset) !== node.raw) wrong.push(`cite ${node.raw} at ${JSON.stringify(node.position)}`)
    if ('children' in node) for (const child of node.children) stack.push(child as Nodes)
  }
  expect(wrong.slice(0, 5)).toEqual([])
}

describe('parseBrief', () => {
  it('gives the file name to the brief and its diagnostics', () => {
    const b = parseBrief('---\ntitle: T\nfoo: 1\n---\n\nText.\n', 'briefs/2026-korea-japan.md')
    expect(b.file).toBe('briefs/2026-korea-japan.md')
    expect(b.diagnostics[0]).toMatchObject({ file: 'briefs/2026-korea-japan.md', source: 'brief', line: 3, column: 1 })
  })

  it('removes the frontmatter node; positions still count the frontmatter lines', () => {
    const b = brief('---\ntitle: T\n---\n\n## Where relations stand\n\n- :claim[jin2023indopacific.k3f9a]\n- Seoul moved first [@koreapro2024focus, para. 9].\n')
    expect(b.tree.children.map((c) => c.type)).toEqual(['heading', 'list'])
    expect(b.tree.children[0]!.position!.start.line).toBe(5)
    expect(nodesOf(b.tree, 'claimRef')[0]!.position!.start).toMatchObject({ line: 7, column: 3 })
    expect(nodesOf(b.tree, 'cite')[0]!.position!.start).toMatchObject({ line: 8, column: 21 })
  })

  it('lists diagnostics in the order of the file', () => {
    const b = brief('---\ntitel: T\nauthors: 3\n---\n\n[@] and :claim[]\n')
    expect(b.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([
      '2:1 brief-frontmatter',
      '3:10 brief-frontmatter',
      '6:1 invalid-citation',
      '6:9 invalid-claim-ref',
    ])
  })
})

describe('hostile briefs', () => {
  it('an empty brief', () => {
    for (const text of ['', '  \n\t\n']) {
      const b = brief(text)
      expect(rules(b)).toEqual(['empty-input'])
      expect(b.tree.children).toEqual([])
    }
  })

  it('binary data', () => {
    const text = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('')
    const b = brief(text)
    expect(rules(b)).toEqual(['binary-input'])
    expect(b.diagnostics[0]!.severity).toBe('error')
  })

  // Past 2 MB a brief is parsed in parts; 3 MB shows the seams without slowing the suite.
  it('a 3 MB brief is read in parts, with every position right', () => {
    const paragraph = 'Seoul and Tokyo agreed [@jin2023indopacific, p. 4] to expand drills; @kim2024 [para. 3] said so, per :claim[jin2023indopacific.k3f9a].\n\n'
    const text = `---\ntitle: Big\n---\n\n${paragraph.repeat(Math.ceil((3 << 20) / paragraph.length))}`
    const started = Date.now()
    const b = brief(text)
    expect(Date.now() - started).toBeLessThan(60_000)
    expect(b.meta.title).toBe('Big')
    expect(rules(b)).toEqual(['huge-input'])
    const cites = nodesOf(b.tree, 'cite')
    expect(cites.length).toBe(2 * Math.ceil((3 << 20) / paragraph.length))
    for (const cite of [cites[0]!, cites[cites.length / 2]!, cites[cites.length - 1]!]) {
      expect(text.slice(cite.position!.start.offset, cite.position!.end.offset)).toBe(cite.raw)
      const line = text.slice(0, cite.position!.start.offset).split('\n').length
      expect(cite.position!.start.line).toBe(line)
    }
    const refs = nodesOf(b.tree, 'claimRef')
    const last = refs[refs.length - 1]!
    expect(text.slice(last.position!.start.offset, last.position!.end.offset)).toBe(':claim[jin2023indopacific.k3f9a]')
  }, 120_000)

  it.each([
    ['block quotes 10,000 deep', `${'>'.repeat(10_000)} deep [@a]`],
    ['lists nested 3,000 deep', Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- item [@a]`).join('\n')],
    ['lists nested 3,000 deep with blank lines', Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- item [@a]`).join('\n\n')],
    ['100,000 asterisks', `${'*a'.repeat(100_000)} [@a]`],
    ['100,000 brackets', `${'['.repeat(100_000)}@a${']'.repeat(100_000)} [@a]`],
    ['emphasis nested 900 deep', `${'*a '.repeat(900)}[@a]${' a*'.repeat(900)}`],
    ['100,000 unclosed :claim[', `${':claim['.repeat(100_000)} [@a]`],
    ['a table of 5,000 columns', `${'| a '.repeat(5000)}|\n${'| - '.repeat(5000)}|\n${'| [@a] '.repeat(5000)}|`],
    ['300,000 @', '@a '.repeat(300_000)],
    ['a million characters of [@]', `${'[@] '.repeat(250_000)}[@a]`],
  ])('%s', (_, text) => {
    const started = Date.now()
    const b = brief(text)
    expect(Date.now() - started).toBeLessThan(20_000)
    expectPlaced(b, text)
    expect(nodesOf(b.tree, 'cite').length).toBeGreaterThan(0)
    expect(b.diagnostics.length).toBeLessThan(300)
  }, 60_000)

  it('a block too costly to parse is read as plain text, its citations placed', () => {
    const text = `Intro [@a].\n\n${'*x '.repeat(2000)}[see @b, p. 3]\n\nOutro [@c].\n`
    const b = brief(text)
    expect(b.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['3:1 deep-nesting'])
    expect(nodesOf(b.tree, 'cite').map((c) => c.raw)).toEqual(['[@a]', '[see @b, p. 3]', '[@c]'])
    expectPlaced(b, text)
  })

  it('never throws, and places every node inside the file', () => {
    const fragments = [
      '---\n', 'title: T\n', 'authors: [a, {name: b}]\n', '\n', '# H @h\n', '- ', '  ', '> ', '1. ', '| a | [@t] |\n', '|---|---|\n',
      '[@a]', '[see @b, p. 4]', '[@c; -@d, sec. 2]', '@e', '@f [p. 3]', '[@]', '[@g, ]', 'x@y.org', ':claim[h2024x.bcdef]', ':claim[bad]',
      ':claim[i.jklmn]{quote}', '10:30', '*', '_', '`', '```\n', '\\[', '&#64;', '&amp;', '[', ']', '(', ')', '{', '}', ';', ',', ' ', '\n',
      '한국', '佐藤', '\r\n', '\t', '<b>', '</b>', 'https://e.org/@u', '[^1]', '[^1]: n\n', '~~', '**', '\ufeff',
    ]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
        const text = parts.join('')
        const b = parseBrief(text, 'f.md')
        expectPlaced(b, text)
        for (const d of b.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1)
          expect(d.column).toBeGreaterThanOrEqual(1)
        }
      }),
      { numRuns: 300 },
    )
  })
})
