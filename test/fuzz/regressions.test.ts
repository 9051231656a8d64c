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
  // The mutation fuzzer's find: 200,000 `_` in the middle of test/fixtures/outline-text/with-contents.txt,
  // inside a contents line. `[\s.·…_-]*\d{1,4}$` tried every start in the run: 112 s.
  const fixture = readFileSync(join(ROOT, 'test/fixtures/outline-text/with-contents.txt'), 'utf8')
  const line = '■ Where the crisis left ports ........ 2'

  it.each(['_', '.', ' ', '\t', '-'])('a run of 200,000 `%s` in a contents line is read in well under a second', (leader) => {
    const at = fixture.indexOf(line) + line.length - 2
    const text = `${fixture.slice(0, at)}${leader.repeat(200_000)}${fixture.slice(at)}`
    const { result, ms } = timed(() => readSource(Buffer.from(text), { file: 'with-contents.txt', format: 'outline-text' }))
    expect(ms).toBeLessThan(2_000)
    expectSoundSource(result)
    expect(result.diagnostics.find((d) => d.rule === 'boilerplate-removed')?.message).toBe('left out a table of contents (2 entries that repeat the headings below)')
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

  it('a brief with 200,000 colons before `claim`', () => {
    const text = `---\ntitle: T\n---\n\nSee ${':'.repeat(200_000)}claim and ::claim[x.abcde] here.\n`
    const { result, ms } = timed(() => parseBrief(text, 'briefs/c.md'))
    expect(ms).toBeLessThan(3_000)
    const miswritten = result.diagnostics.filter((d) => d.rule === 'invalid-claim-ref').map((d) => d.message.slice(0, 30))
    expect(miswritten).toContain('`::claim` is not read; write `')
  })
})

describe('readers keep their claims when a run of hostile characters is inserted', () => {
  it('news text with a byline of names separated by 100,000 spaces', () => {
    const text = `Ports deal signed\n\nBy Kim Min-ji and${' '.repeat(100_000)}Lee Ha-eun\n\nSeoul and Tokyo signed a ports deal on Monday. Officials welcomed it.\n`
    const { result, ms } = timed(() => readSource(Buffer.from(text), { file: 'n.txt', format: 'news-text' }))
    expect(ms).toBeLessThan(2_000)
    expect(allClaims(result.sections).map((c) => c.text)).toContain('Officials welcomed it.')
  })
})
