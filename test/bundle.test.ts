import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnBrief } from './helpers/cli.js'

/*
 * The installed command runs the bundles `npm install` makes (scripts/bundle.mjs): briefkit in
 * dist/brief.js, and pdfmake with pdfkit and fontkit in dist/vendor/pdf.cjs, which leaves out
 * encryption, WOFF2 and SVG, carries the standard fonts' metrics beside it and inflates with
 * zlib. The tests run the TypeScript sources and the packages. Both must make the same files, byte for byte, in
 * every built-in template (the report's footnotes patch pdfmake's internals, inside the bundle).
 */
const ROOT = new URL('../', import.meta.url)
const bundled = existsSync(new URL('dist/brief.js', ROOT)) && existsSync(new URL('dist/vendor/pdf.cjs', ROOT))
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-bundle-'))
  cpSync(new URL('sources/', ROOT), join(dir, 'sources'), { recursive: true })
  mkdirSync(join(dir, 'briefs'))
  const example = readFileSync(new URL('briefs/example.md', ROOT), 'utf8')
  for (const template of ['sejong', 'memo', 'report']) {
    // Code in Courier (a standard font, whose metrics the bundle carries) and an italic (Roboto).
    writeFileSync(join(dir, 'briefs', `${template}.md`), `${example.replace(/^template: .*$/m, `template: ${template}`)}\nRun \`brief check\`, *then* build.\n`)
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!bundled)('the bundled command', () => {
  it.each(['sejong', 'memo', 'report'])('builds the example brief in %s as the sources do', async (template) => {
    const build = (bin: boolean, out: string) => spawnBrief(['build', join(dir, 'briefs', `${template}.md`), '--out', join(dir, out), '-w', dir], { bin, timeoutMs: 90_000 })
    const [fromBundle, fromSources] = await Promise.all([build(true, 'out-bundle'), build(false, 'out-sources')])
    expect(fromBundle.code, fromBundle.stderr).toBe(0)
    expect(fromBundle.stderr).toBe(fromSources.stderr)
    for (const ext of ['md', 'pdf']) {
      const a = readFileSync(join(dir, 'out-bundle', `${template}.${ext}`))
      const b = readFileSync(join(dir, 'out-sources', `${template}.${ext}`))
      expect(a.length).toBeGreaterThan(1000)
      expect(a.equals(b), `${template}.${ext} differs`).toBe(true)
    }
  })

  it('fails loudly, not quietly, where a left-out library would be needed', () => {
    // pdfkit's encryption is the left-out code a document reaches most easily.
    const script = `const { PDFDocument } = require(${JSON.stringify(fileURLToPath(new URL('dist/vendor/pdf.cjs', ROOT)))}); try { new PDFDocument({ userPassword: 'x' }) } catch (e) { console.log(e.message) }`
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })).toContain('briefkit bundles pdfmake without encryption, WOFF2 fonts and SVG images')
  })
})
