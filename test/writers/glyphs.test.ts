import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runBrief } from '../helpers/cli.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-glyphs-'))
  mkdirSync(join(dir, 'sources'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('characters no font of the PDF can draw', () => {
  it('names ten of them where they stand, and sums up the rest in one message', async () => {
    const hieroglyphs = Array.from({ length: 15 }, (_, i) => String.fromCodePoint(0x13000 + i)).join('')
    writeFileSync(join(dir, 'many.md'), `---\ntitle: Glyphs\n---\n\nAll fine: 한국어 かな 習近平 习近平. Not: ${hieroglyphs}\n`)
    const run = await runBrief(['check', join(dir, 'many.md'), '--workspace', dir])
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(11)
    expect(lines[0]).toMatch(/many\.md:1:1: warning missing-glyph 5 more characters no font of the PDF can draw, such as `𓀊𓀋𓀌𓀍𓀎`$/)
    expect(lines[1]).toMatch(/many\.md:5:\d+: warning missing-glyph no font of the PDF can draw `𓀀` \(U\+13000\)/)
    expect(run.code).toBe(0)
  })

  it('says nothing of glyphs for a binary file, which is an error already', async () => {
    writeFileSync(join(dir, 'bin.md'), Buffer.from([0, 1, 2, 0xc9, 0x9e, 0xc6, 0xb1, 0, 0, 5, 6, 7, 8]))
    const run = await runBrief(['check', join(dir, 'bin.md'), '--workspace', dir])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('error binary-input')
    expect(run.stderr).not.toContain('missing-glyph')
  })
})
