import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBrief } from '../helpers/cli.js'

/*
 * Golden tests of the Markdown writer: the example brief in both built-in styles and in
 * English, Korean and Japanese, compared with test/golden/briefs/ (`npx vitest run -u`
 * rewrites them).
 */
const ROOT = new URL('../../', import.meta.url)
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-md-'))
  cpSync(new URL('sources/', ROOT), join(dir, 'sources'), { recursive: true })
  mkdirSync(join(dir, 'briefs'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the Markdown writer', () => {
  const example = readFileSync(new URL('briefs/example.md', ROOT), 'utf8')
  for (const [style, lang] of [
    ['chicago-note', 'en-US'],
    ['apa', 'en-US'],
    ['chicago-note', 'ko-KR'],
    ['apa', 'ja-JP'],
  ] as const) {
    it(`writes the example brief in ${style}, ${lang}`, async () => {
      const name = `example.${style}.${lang}`
      writeFileSync(join(dir, 'briefs', `${name}.md`), example.replace(/^citation-style: .*$/m, `citation-style: ${style}`).replace(/^lang: .*$/m, `lang: ${lang}`))
      const run = await runBrief(['build', join(dir, 'briefs', `${name}.md`), '--workspace', dir])
      expect(run.code, run.stderr).toBe(0)
      await expect(readFileSync(join(dir, 'out', `${name}.md`), 'utf8')).toMatchFileSnapshot(`../golden/briefs/${name}.md`)
    })
  }

  it('quotes a claim inside a sentence with the language’s quotation marks, and a claim alone as a block quote', async () => {
    writeFileSync(join(dir, 'briefs', 'quotes.md'), '---\nlang: ja-JP\n---\n\nThey said :claim[cho2025semiconductor.cwhzw]{quote} last year.\n\n:claim[cho2025semiconductor.cwhzw]{quote}\n')
    const run = await runBrief(['build', join(dir, 'briefs', 'quotes.md'), '--out', '-', '--workspace', dir])
    expect(run.stdout).toContain('They said 「Photoresist imports recovered more slowly.」[^1] last year.')
    expect(run.stdout).toContain('> Photoresist imports recovered more slowly.[^2]')
  })

  it('leaves the "Claims used" appendix out when the template says so', async () => {
    writeFileSync(join(dir, 'briefs', 'memo.md'), '---\ntemplate: memo\n---\n\n- :claim[cho2025semiconductor.cwhzw]\n')
    const memo = await runBrief(['build', join(dir, 'briefs', 'memo.md'), '--out', '-', '--workspace', dir])
    expect(memo.stdout).not.toContain('Claims used')
    writeFileSync(join(dir, 'briefs', 'report.md'), '---\ntemplate: report\n---\n\n- :claim[cho2025semiconductor.cwhzw]\n')
    const report = await runBrief(['build', join(dir, 'briefs', 'report.md'), '--out', '-', '--workspace', dir])
    expect(report.stdout).toMatch(/## Claims used\n\n\| Claim +\| Source +\| Section +\| Text +\|\n/)
  })

  it('records the claims it used in NAME.lock.json, with the source file and its hash', async () => {
    writeFileSync(join(dir, 'briefs', 'locked.md'), '- :claim[cho2025semiconductor.cwhzw]\n- :claim[lee2024seoul.3f1vx]\n')
    await runBrief(['build', join(dir, 'briefs', 'locked.md'), '--workspace', dir])
    const lock = JSON.parse(readFileSync(join(dir, 'briefs', 'locked.lock.json'), 'utf8')) as { version: number; claims: Array<Record<string, string>> }
    expect(lock.version).toBe(1)
    expect(lock.claims.map((c) => [c.id, c.source, c.file])).toEqual([
      ['cho2025semiconductor.cwhzw', 'cho2025semiconductor', 'sources/semiconductor-thaw.md'],
      ['lee2024seoul.3f1vx', 'lee2024seoul', 'sources/coast-guard-pact.txt'],
    ])
    expect(lock.claims[0]!.text).toBe('Photoresist imports recovered more slowly.')
    expect(lock.claims[0]!.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('keeps rendered citations in .brief/citations, and builds the same brief from them, or without them', async () => {
    const example = readFileSync(new URL('briefs/example.md', ROOT), 'utf8')
    writeFileSync(join(dir, 'briefs', 'cached.md'), example)
    const cacheDir = join(dir, '.brief', 'citations')
    rmSync(cacheDir, { recursive: true, force: true })
    const build = async (): Promise<string> => (await runBrief(['build', join(dir, 'briefs', 'cached.md'), '--out', '-', '--workspace', dir])).stdout
    const cold = await build()
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(1)
    expect(await build()).toBe(cold)
    // A damaged cache is ignored and rewritten.
    const [file] = readdirSync(cacheDir)
    writeFileSync(join(cacheDir, file!), '{"clusters": ')
    expect(await build()).toBe(cold)
    // Another style is another context, with its own file.
    writeFileSync(join(dir, 'briefs', 'cached.md'), example.replace('citation-style: chicago-note', 'citation-style: apa'))
    expect(await build()).not.toBe(cold)
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(2)
  })
})
