import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { detectFormat, readSource } from '../../src/readers/index.js'
import { FORMATS } from '../../src/readers/index.js'
import { claimsOf } from '../helpers/seeds.js'

// Golden tests: every fixture in test/fixtures/<format>/ read into JSON and compared
// with test/golden/<format>/<name>.json. `npx vitest run -u` rewrites the golden files.
const FIXTURES = new URL('../fixtures/', import.meta.url)

for (const format of FORMATS) {
  let names: string[] = []
  try {
    names = readdirSync(new URL(`${format}/`, FIXTURES)).filter((n) => !n.startsWith('.')).sort()
  } catch {
    names = []
  }
  describe.skipIf(names.length === 0)(`${format} reader, golden`, () => {
    for (const name of names) {
      it(name, async () => {
        const bytes = readFileSync(new URL(`${format}/${name}`, FIXTURES))
        const file = `test/fixtures/${format}/${name}`
        const source = readSource(bytes, { file })
        expect(source.format, 'detected by content').toBe(format)
        expect(detectFormat(new TextDecoder().decode(bytes), 'noextension')).toBe(format)
        for (const claim of claimsOf(source.sections)) expect(source.text.slice(claim.start, claim.end)).toBe(claim.text)
        await expect(`${JSON.stringify(source, null, 2)}\n`).toMatchFileSnapshot(`../golden/${format}/${name}.json`)
      })
    }
  })
}
