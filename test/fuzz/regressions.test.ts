import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseBrief } from '../../src/brief/parse.js'
import { withoutPageNumber } from '../../src/readers/outline-text.js'
import { readSource } from '../../src/readers/index.js'
import { allClaims } from '../../src/outline/builder.js'
import { ROOT } from '../helpers/cli.js'
import { expectSoundSource, fuzzParameters } from './fuzz-helpers.js'

// What the fuzzers and the backtracking check found, each kept as the input that showed it.
// Each took seconds to minutes before its fix; the bounds are ten times what they take now.
function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now()
  const result = work()
  return { result, ms: performance.now() - started }
}

describe('a table of contents with a long leader', () => {
  // The mutation fuzzer's find: a run of `_` inserted into a contents line of
  // test/fixtures/outline-text/with-contents.txt. `[\s.·…_-]*\d{1,4}$` tried every start in
  // the run: 112 s for 200,000 characters (now 20 ms).
  const fixture = readFileSync(join(ROOT, 'test/fixtures/outline-text/with-contents.txt'), 'utf8')
  const entry = '■ Where the crisis'

  it.each(['_', '.', ' ', '\t', '-'])('a run of 200,000 `%s` inside a contents line is read in well under a second', (leader) => {
    const at = fixture.indexOf(entry) + entry.length
    const text = `${fixture.slice(0, at)}${leader.repeat(200_000)}${fixture.slice(at)}`
    const { result, ms } = timed(() => readSource(Buffer.from(text), { file: 'with-contents.txt', format: 'outline-text' }))
    expect(ms).toBeLessThan(2_000)
    expectSoundSource(result)
    // The mangled entry no longer repeats a heading, so the contents stay; the outline after them is whole.
    const sections = result.sections.map((s) => [s.heading, s.claims.length])
    expect(sections.slice(-2)).toEqual([['Where the crisis left ports', 1], ['What allies can do together', 1]])
  })

  it('the rewrite drops what the pattern dropped, for any short line', () => {
    const line = fc.string({ unit: fc.constantFrom('.', '·', '…', '_', '-', ' ', '\t', '1', '2', '0', 'a', 'x'), maxLength: 24 })
    fc.assert(
      fc.property(line, (text) => {
        expect(withoutPageNumber(text)).toBe(text.replace(/[\s.·…_-]*\d{1,4}$/u, ''))
      }),
      fuzzParameters(2_000),
    )
  })
})

describe('split patterns that were quadratic on a long run of spaces', () => {
  it('Markdown frontmatter authors separated by `;` with 200,000 spaces', () => {
    const text = `---\ntitle: T\nauthors: "Jane Roe;${' '.repeat(200_000)}John Doe"\n---\n\nA claim here.\n`
    const { result, ms } = timed(() => readSource(Buffer.from(text), { file: 'a.md', format: 'markdown' }))
    expect(ms).toBeLessThan(2_000)
    expect(result.meta.authors.map((a) => a.name)).toEqual(['Jane Roe', 'John Doe'])
  })

  it('brief keywords separated by commas with 200,000 spaces', () => {
    const text = `---\ntitle: T\nkeywords: "ports,${' '.repeat(200_000)}shipping"\n---\n\nText.\n`
    const { result, ms } = timed(() => parseBrief(text, 'briefs/k.md'))
    expect(ms).toBeLessThan(2_000)
    expect(result.meta.keywords).toEqual(['ports', 'shipping'])
  })

  it('a brief with a run of 200,000 colons, then a miswritten `::claim`', () => {
    const text = `---\ntitle: T\n---\n\nSee ${':'.repeat(200_000)} and ::claim[x.abcde] here.\n`
    const { result, ms } = timed(() => parseBrief(text, 'briefs/c.md'))
    expect(ms).toBeLessThan(3_000)
    const miswritten = result.diagnostics.filter((d) => d.rule === 'invalid-claim-ref').map((d) => d.message.slice(0, 30))
    expect(miswritten).toContain('`::claim` is not read; write `')
  })
})

describe('Markdown with many block quotes and lists (micromark copies its events at each container end)', () => {
  // The brief fuzzer's find: `- ` 2,000 times on one line took 1.6 s to parse (8,000: 17 s).
  it.each([
    ['`- ` 8,000 times on one line', `${'- '.repeat(8_000)}x\n`, 'a block holds block quotes or lists nested 8000 deep on one line; it was read as plain text without its markup'],
    ['`1. ` 8,000 times on one line', `${'1. '.repeat(8_000)}x\n`, 'a block holds block quotes or lists nested 8000 deep on one line; it was read as plain text without its markup'],
  ])('%s: read as plain text, with a deep-nesting warning', (_, text, message) => {
    for (const read of [() => parseBrief(text, 'briefs/deep.md').diagnostics, () => readSource(Buffer.from(text), { file: 'deep.md', format: 'markdown' }).diagnostics]) {
      const { result, ms } = timed(read)
      expect(ms).toBeLessThan(2_000)
      expect(result.find((d) => d.rule === 'deep-nesting')?.message).toBe(message)
    }
  })

  // Blocks each fine alone: 20,000 `- - x` took 101 s, 8,000 `> x` 9 s, 4,000 lists between
  // paragraphs 6 s, 10 tight lists of 999 `- - x` 21 s. Now about 1 s each: parsed in parts.
  it.each([
    ['10,000 nested list items', '- - x\n\n'.repeat(10_000), 10_000],
    ['8,000 block quotes', '> x\n\n'.repeat(8_000), 8_000],
    ['4,000 lists between paragraphs', '- x\n- y\n\npara\n\n'.repeat(4_000), 12_000],
    ['10 tight lists of 999 nested items', `${'- - x\n'.repeat(999)}\npara\n\n`.repeat(10), 10_000],
  ])('%s: parsed in parts, in bounded time, nothing lost', (_, text, claims) => {
    const brief = timed(() => parseBrief(text, 'briefs/many.md'))
    expect(brief.ms).toBeLessThan(10_000)
    expect(brief.result.diagnostics.map((d) => `${d.rule} ${d.message.replace(/\d+ parts/, 'N parts')}`)).toEqual([
      'huge-input the brief holds many block quotes and lists (more than 500); to keep the parser fast it was parsed in N parts, so link references and footnotes reach only within their part',
    ])
    const source = timed(() => readSource(Buffer.from(`# Many\n\n${text}`), { file: 'many.md', format: 'markdown' }))
    expect(source.ms).toBeLessThan(10_000)
    expectSoundSource(source.result)
    expect(allClaims(source.result.sections)).toHaveLength(claims)
  })
})

describe('a long run of blank lines inside deep lists', () => {
  // The brief fuzzer's find (FUZZ_SEED=99): `- ` 46 times, then 45,000 blank lines, 1.6 s
  // for 46 KB: micromark checks every open container at each blank line. 200,000 blank
  // lines after 60 took about 9 s; the run is now cut into a part of its own.
  it('60 nested list items, then 200,000 blank lines', () => {
    const text = `${'- '.repeat(60)}x${'\n'.repeat(200_000)}After the gap.\n`
    const brief = timed(() => parseBrief(text, 'briefs/gap.md'))
    expect(brief.ms).toBeLessThan(5_000)
    expect(brief.result.diagnostics.map((d) => d.rule)).toEqual(['huge-input'])
    const source = timed(() => readSource(Buffer.from(text), { file: 'gap.md', format: 'markdown' }))
    expect(source.ms).toBeLessThan(5_000)
    expect(allClaims(source.result.sections).map((c) => c.text)).toEqual(['x', 'After the gap.'])
  })
})
