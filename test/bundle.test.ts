import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { deflateRawSync } from 'node:zlib'
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

describe('what the PDF bundle puts in place of two libraries, and its faster CFF indexes', () => {
  const require = createRequire(import.meta.url)

  it.skipIf(!bundled)('reads and writes CFF fonts as fontkit does', () => {
    type Font = { layout(text: string): { glyphs: Array<{ id: number }> }; createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array }; 'CFF ': { topDict: { CharStrings: Array<{ offset: number; length: number }> } } }
    type Fontkit = { create(bytes: Uint8Array): Font }
    const bundledFontkit = (require(fileURLToPath(new URL('dist/vendor/pdf.cjs', ROOT))) as { fontkit: Fontkit }).fontkit
    const plainFontkit = require('fontkit') as Fontkit
    const bytes = readFileSync(join(fileURLToPath(ROOT), 'node_modules/@embedpdf/fonts-kr/fonts/NotoSansKR-Bold.otf'))
    const [fast, plain] = [bundledFontkit.create(bytes), plainFontkit.create(bytes)]
    expect(fast['CFF '].topDict.CharStrings).toEqual(plain['CFF '].topDict.CharStrings)
    const subset = (font: Font): Buffer => {
      const s = font.createSubset()
      for (const glyph of font.layout('Ports and chips 항만 협력 習近平 “2026”').glyphs) s.includeGlyph(glyph.id)
      return Buffer.from(s.encode())
    }
    expect(subset(fast).equals(subset(plain))).toBe(true)
  })

  it('finds the same line breaks as linebreak, ASCII or not', () => {
    type Breaker = new (text: string) => { nextBreak(): { position: number; required: boolean } | null }
    const Original = require('linebreak') as Breaker
    const Ascii = require('../scripts/vendor/linebreak.cjs') as Breaker
    const breaks = (Class: Breaker, text: string): string => {
      const out: string[] = []
      const breaker = new Class(text)
      for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) out.push(`${b.position}${b.required ? '!' : ''}`)
      return out.join(' ')
    }
    // Every pair of ASCII characters, then texts that mix ASCII with Hangul, Han, kana and marks.
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c))
    for (const a of ascii) for (const b of ascii) expect(breaks(Ascii, `x${a}${b}y 1`), JSON.stringify(a + b)).toBe(breaks(Original, `x${a}${b}y 1`))
    let seed = 7
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const alphabet = [...ascii, '한', '국', '習', '近', 'か', 'ナ', '\u0301', '—', '“', '”', '\u00a0', '\u200b', '😀']
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
      expect(breaks(Ascii, text), JSON.stringify(text)).toBe(breaks(Original, text))
    }
  })

  it('inflates as tiny-inflate does', () => {
    type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array
    const original = require('tiny-inflate') as Inflate
    const native = require('../scripts/vendor/inflate.cjs') as Inflate
    const data = Buffer.from('Ports, chips and alliances. 항만 협력. '.repeat(500))
    const packed = deflateRawSync(data)
    for (const size of [data.length, data.length + 10]) {
      expect(Buffer.from(native(packed, new Uint8Array(size))).equals(Buffer.from(original(packed, new Uint8Array(size))))).toBe(true)
    }
  })
})
