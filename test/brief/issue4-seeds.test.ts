import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../../src/library/library.js'
import { runBrief } from '../helpers/cli.js'
import { SEEDS_DIR, seedsPresent, type SeedExpectation } from '../helpers/seeds.js'

/*
 * Issue 4, done when: a brief that pulls a claim from each of the five seed sources builds
 * to Markdown whose notes and bibliography name each source's real title, publisher and
 * date; editing a cited bullet in a copy of the Sejong brief makes `brief check` report it.
 */
describe.skipIf(!seedsPresent)('a brief from the five seeds (../shared/seeds)', () => {
  let dir: string
  const expected = seedsPresent ? (JSON.parse(readFileSync(`${SEEDS_DIR}expected.json`, 'utf8')) as Record<string, SeedExpectation>) : {}
  const seeds = Object.keys(expected).filter((name) => name.endsWith('.txt'))
  // The claim each brief line pulls in, found by a phrase of it.
  const pulls: Record<string, string> = {
    '000_e7fd93e848d4610c.txt': 'Nuclear Consultative Group',
    '001_e6f95dff264adc06.txt': 'THAAD',
    '002_5aea7f2cd741e56c.txt': 'Camp David',
    '003_5141f0a6ab2854ee.txt': 'Chip 4',
    '004_7d00f2fb154a224e.txt': 'forced labor issues',
  }
  const used = new Map<string, { id: string; sourceId: string }>()

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefkit-seeds-brief-'))
    mkdirSync(join(dir, 'sources'))
    mkdirSync(join(dir, 'briefs'))
    for (const name of seeds) copyFileSync(`${SEEDS_DIR}${name}`, join(dir, 'sources', name))
    const library = Library.open(dir)
    try {
      library.sync()
      for (const [name, phrase] of Object.entries(pulls)) {
        const hit = library.search(`"${phrase}"`).find((h) => library.sourceFile(h.sourceId)?.path === `sources/${name}`)
        expect(hit, `a claim of ${name} with “${phrase}”`).toBeDefined()
        used.set(name, { id: hit!.id, sourceId: hit!.sourceId })
      }
    } finally {
      library.close()
    }
    const lines = [...used.values()].map((u) => `- :claim[${u.id}]`)
    writeFileSync(join(dir, 'briefs', 'seeds.md'), `---\ntitle: Five sources on Korea–Japan relations\ndate: 2026-11-23\ncitation-style: chicago-note\n---\n\n## What they say\n\n${lines.join('\n')}\n`)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('builds notes and a bibliography that name each source’s title, publisher and date', async () => {
    const run = await runBrief(['build', join(dir, 'briefs', 'seeds.md'), '--workspace', dir])
    expect(run.code, run.stderr).toBe(0)
    const out = readFileSync(join(dir, 'out', 'seeds.md'), 'utf8')
    const [body, bibliography] = out.split('\n## Bibliography\n') as [string, string]
    const notes = body.slice(body.indexOf('[^1]:'))
    const longDate = (iso: string): string => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' })
    for (const name of seeds) {
      const meta = expected[name]!.meta
      for (const [where, text] of [['notes', notes], ['bibliography', bibliography]] as const) {
        if (meta.title) expect(text.toLowerCase(), `${name}: title in the ${where}`).toContain(meta.title.toLowerCase())
        if (meta.date) expect(text, `${name}: date in the ${where}`).toContain(longDate(meta.date))
        if (meta.publisher) expect(text, `${name}: publisher in the ${where}`).toMatch(new RegExp(meta.publisher, 'i'))
      }
    }
    // Every claim is there word for word, each with its note.
    expect(body.match(/\[\^\d+\]$/gm)).toHaveLength(5)
  })

  it('reports a cited bullet that was edited in the Sejong brief, with its new text', async () => {
    await runBrief(['build', join(dir, 'briefs', 'seeds.md'), '--workspace', dir])
    const sejong = join(dir, 'sources', '004_7d00f2fb154a224e.txt')
    const original = readFileSync(sejong, 'utf8')
    expect(original).toContain('Leading/progressive solution to the forced labor issues')
    writeFileSync(sejong, original.replace('Leading/progressive solution to the forced labor issues', 'Leading and progressive solution to the forced labor issues'))
    const check = await runBrief(['check', join(dir, 'briefs', 'seeds.md'), '--workspace', dir])
    expect(check.code).toBe(1)
    const id = used.get('004_7d00f2fb154a224e.txt')!.id
    expect(check.stderr).toMatch(new RegExp(`seeds\\.md:\\d+:\\d+: error claim-changed claim \`${id.replace('.', '\\.')}\` changed in sources/004_7d00f2fb154a224e\\.txt`))
    expect(check.stderr).toContain('it now says “Leading and progressive solution to the forced labor issues”')
    expect(check.stderr).toMatch(/similarity 0\.\d\d/)
    // The build refuses rather than quoting text the source no longer holds.
    const build = await runBrief(['build', join(dir, 'briefs', 'seeds.md'), '--workspace', dir])
    expect(build.code).toBe(1)
  })
})
