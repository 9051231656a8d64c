import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Source } from '../src/model/source.js'
import { readSource } from '../src/readers/index.js'
import { runBrief } from './helpers/cli.js'
import {
  SEEDS_DIR,
  claimsOf,
  headingsOf,
  loadExpectations,
  normalizeTree,
  pattern,
  rulesFor,
  seedsPresent,
  treeOf,
} from './helpers/seeds.js'

if (!seedsPresent) {
  console.warn(`seed conformance skipped: ${SEEDS_DIR}expected.json is not there`)
}

describe.skipIf(!seedsPresent)('seed conformance (../shared/seeds/expected.json)', () => {
  const expectations = seedsPresent ? loadExpectations() : {}
  for (const [name, want] of Object.entries(expectations)) {
    describe(name, () => {
      // What `brief outline FILE --json` prints is what is checked: the issue's own test.
      let source: Source
      let claims: ReturnType<typeof claimsOf>
      let texts: string[]
      beforeAll(async () => {
        const run = await runBrief(['outline', `${SEEDS_DIR}${name}`, '--json'])
        expect(run.code).toBe(0)
        source = JSON.parse(run.stdout) as Source
        claims = claimsOf(source.sections)
        texts = claims.map((c) => c.text.toLowerCase())
      })

      it('keeps provenance for every claim', () => {
        for (const c of claims) expect(source.text.slice(c.start, c.end)).toBe(c.text)
      })

      it('finds the metadata', () => {
        const m = want.meta
        if ('title' in m) {
          if (m.title === null) expect(source.meta.title).toBeNull()
          else expect(source.meta.title?.toLowerCase()).toBe(m.title!.toLowerCase())
        }
        if (m.date !== undefined) expect(source.meta.date).toBe(m.date)
        if (m.url !== undefined) expect(source.meta.url).toBe(m.url)
        if (m.publisher) expect(source.meta.publisher ?? '').toMatch(pattern(m.publisher))
        if (m.series) expect(source.meta.series ?? '').toMatch(pattern(m.series))
        if (m.number) expect(source.meta.number).toBe(m.number)
        if (m.authorsCount !== undefined) expect(source.meta.authors).toHaveLength(m.authorsCount)
        for (const author of m.authors ?? []) {
          const found = source.meta.authors.find((a) => pattern(author.name, true).test(a.name))
          expect(found, `an author named like /${author.name}/ in ${JSON.stringify(source.meta.authors)}`).toBeDefined()
          if (author.email) expect(found?.email).toBe(author.email)
        }
      })

      if (want.warning) {
        it('says what is wrong with the input', () => {
          const rules = source.diagnostics.map((d) => d.rule)
          for (const anyOf of rulesFor(want.warning!)) expect(rules.some((r) => anyOf.includes(r)), `one of ${anyOf} in ${rules}`).toBe(true)
        })
      }

      it('finds the structure', () => {
        const headings = headingsOf(source.sections).map((h) => h.toLowerCase())
        for (const h of want.headings ?? []) expect(headings).toContain(h.toLowerCase())
        if (want.paragraphs !== undefined) expect(new Set(claims.map((c) => c.paragraph)).size).toBe(want.paragraphs)
        if (want.bullets !== undefined) expect(claims.filter((c) => c.kind === 'bullet')).toHaveLength(want.bullets)
        if (want.tree) expect(treeOf(source.sections)).toEqual(normalizeTree(want.tree))
      })

      it('keeps the content and leaves out the rest', () => {
        for (const s of want.include ?? []) expect(texts.some((t) => t.includes(s.toLowerCase())), `some claim includes "${s}"`).toBe(true)
        for (const s of want.exclude ?? []) {
          const bad = claims.find((c) => c.text.toLowerCase().includes(s.toLowerCase()))
          expect(bad?.text, `no claim includes "${s}"`).toBeUndefined()
        }
      })

      if (want.speakers) {
        it('attributes claims to their speakers', () => {
          const speakers = new Set(claims.map((c) => c.speaker?.name).filter(Boolean))
          for (const s of want.speakers!) expect(speakers).toContain(s)
        })
      }
    })
  }

  it('`brief outline --json` prints the same Source as the API', async () => {
    const name = Object.keys(expectations)[0]!
    const run = await runBrief(['outline', `${SEEDS_DIR}${name}`, '--json'])
    const direct = readSource(readFileSync(`${SEEDS_DIR}${name}`), { file: `${SEEDS_DIR}${name}` })
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(direct)))
  })
})
