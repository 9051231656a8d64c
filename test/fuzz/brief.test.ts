import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Nodes } from 'mdast'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseBrief } from '../../src/brief/parse.js'
import { resolveBrief } from '../../src/brief/resolve.js'
import { Library } from '../../src/library/library.js'
import type { Brief } from '../../src/model/brief.js'
import { ROOT } from '../helpers/cli.js'
import { filesOf, fuzzParameters, fuzzTimeout, hostileText, mutateAll, mutationArb, reportWorst, withinBudget, type Budget } from './fuzz-helpers.js'

// Lines a brief is made of, and the ways of writing them wrong.
const LINES = [
  '---', 'title: A brief', 'date: 2025-06-02', 'authors: [{ name: Jane Doe }]', 'bibliography: refs.json', 'citation-style: apa', 'template: memo', 'lang: ko-KR',
  'x: &a [*a, *a, *a]', 'title: *a', '...', '## Heading', '# Title', '- :claim[benson2025seoul.5e4nw]', ':claim[benson2025seoul.b1wmk]{quote}', ':claim[]', ':claim[x', ':claim[a]{',
  'As argued [@cho2025semiconductor, sec. 1].', '[see @benson2025seoul, para. 4; -@park2024maritime, p. {A-3, back}]', 'As @park2024maritime argues', '@key [p. 4]', '[@]', '[@@]', '[-@', '[@key, p.',
  'jane.doe@example.org', '10:30', ':smile:', '[^1]: a note [@key]', 'Text[^1]', '> > > quote [@key]', '1. item', '   - nested', '```', '~~~yaml', '| a | [@key] |', '|---|---|',
  '<div>[@key]</div>', '<!-- [@key] -->', '[link](http://x "[@key]")', '`[@key]`', '\\[@key]', '', ' ',
]

// About ten times the worst runs seen here (test/README.md): at most 150 ms for a small
// brief, 2 ms/KB for generated ones, 7 ms/KB for mutated ones (runs of blank lines and
// list markers, micromark's slowest linear cases).
const GENERATED: Budget = { baseMs: 2_500, msPerKB: 25 }
const MUTATED: Budget = { baseMs: 2_500, msPerKB: 75 }

/** Every node of a tree, depth first. */
function nodes(root: Nodes): Nodes[] {
  const out: Nodes[] = []
  const stack: Nodes[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    out.push(node)
    if ('children' in node) for (const child of node.children) stack.push(child as Nodes)
  }
  return out
}

/**
 * What a parsed brief must hold for any text: diagnostics placed on a line and column
 * that exist, and every citation and claim node pointing at what it was written as.
 */
function expectSoundBrief(text: string, brief: Brief): void {
  // Positions count from after a byte order mark, as an editor shows them.
  const body = text.startsWith('\ufeff') ? text.slice(1) : text
  const lines = body.split('\n')
  for (const d of brief.diagnostics) {
    const where = `${d.line}:${d.column} ${d.rule} ${d.message.slice(0, 80)}`
    expect(d.line, where).toBeGreaterThanOrEqual(1)
    expect(d.column, where).toBeGreaterThanOrEqual(1)
    expect(d.line, `${where}: past the last line (${lines.length})`).toBeLessThanOrEqual(lines.length)
    expect(d.column, `${where}: past the end of its line`).toBeLessThanOrEqual(lines[d.line - 1]!.length + 1)
    expect(d.file).toBe(brief.file)
  }
  for (const node of nodes(brief.tree)) {
    if (node.type !== 'cite' && node.type !== 'claimRef') continue
    const { start, end } = node.position!
    expect(start.offset, `${node.type} starts inside the text`).toBeGreaterThanOrEqual(0)
    expect(end.offset, `${node.type} ends inside the text`).toBeLessThanOrEqual(body.length)
    expect(start.offset).toBeLessThanOrEqual(end.offset)
    if (node.type === 'cite') expect(body.slice(start.offset, end.offset), 'a citation’s position holds what it was written as').toBe(node.raw)
    else expect(body.slice(start.offset, end.offset)).toMatch(/^:claim\[/)
  }
}

function parseWithin(suite: string, budget: Budget, text: string): Brief {
  const brief = withinBudget(suite, budget, text.length, () => parseBrief(text, 'briefs/fuzz.md'))
  expectSoundBrief(text, brief)
  return brief
}

const decoder = new TextDecoder()

// Briefs of the example workspace and the golden builds (Markdown with notes and tables).
const corpus = [...filesOf('briefs'), ...filesOf('test/fixtures/markdown'), ...filesOf('test/golden/briefs')].filter(([path]) => path.endsWith('.md'))

describe('parseBrief, on hostile input', () => {
  it('generated briefs: no throw, diagnostics on real lines and columns, citations where they were written', () => {
    const withFrontmatter = fc.tuple(fc.boolean(), hostileText(LINES)).map(([front, body]) => (front ? `---\ntitle: T\n${body}` : body))
    fc.assert(fc.property(withFrontmatter, (text) => void parseWithin('generated brief', GENERATED, text)), fuzzParameters(300))
  }, fuzzTimeout(300))

  it('mutated briefs (bytes flipped, cut, duplicated, hostile tokens inserted)', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (index, mutations) => {
        const text = decoder.decode(mutateAll(corpus[index]![1], mutations))
        parseWithin('mutated brief', MUTATED, text)
      }),
      fuzzParameters(300),
    )
  }, fuzzTimeout(300))
})

describe('resolveBrief against a small library, on mutated briefs', () => {
  let dir: string
  let library: Library
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefkit-fuzz-'))
    mkdirSync(join(dir, 'sources'))
    mkdirSync(join(dir, 'briefs'))
    for (const [path] of filesOf('sources')) if (!/readme/i.test(path)) copyFileSync(join(ROOT, path), join(dir, path))
    library = Library.open(dir)
    library.sync()
  })
  afterAll(() => {
    library.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('never throws; every diagnostic is placed in the brief or a file it names', () => {
    // The example brief cites the library's claims and sources: mutations of it resolve some, miss others.
    const example = corpus.find(([path]) => path === 'briefs/example.md')![1]
    const resolvedWithin = (text: string): void => {
      const file = join(dir, 'briefs', 'fuzz.md')
      const resolved = withinBudget('resolved brief', MUTATED, text.length, () => resolveBrief(parseBrief(text, file), library))
      for (const d of resolved.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1)
        expect(d.column).toBeGreaterThanOrEqual(1)
        expect(d.file).not.toBeNull()
      }
    }
    fc.assert(
      fc.property(fc.oneof(fc.array(mutationArb, { minLength: 1, maxLength: 4 }).map((m) => decoder.decode(mutateAll(example, m))), hostileText(LINES)), (text) => {
        resolvedWithin(text)
      }),
      fuzzParameters(150),
    )
  }, fuzzTimeout(150))
})

afterAll(() => {
  if (process.env.FUZZ_VERBOSE) console.log(reportWorst())
})
