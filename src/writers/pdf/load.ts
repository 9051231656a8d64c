import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { batchStreamWrites } from './streams.js'

// pdfmake (with pdfkit and fontkit) costs about 100 ms and 30 MB to load: only a PDF build
// loads it, never `brief --version` or a Markdown build.
const require = createRequire(import.meta.url)

/** The parts of pdfmake 0.3's server-side singleton the writer uses. */
export interface PdfMake {
  setFonts(fonts: Record<string, FontFamilyFiles>): void
  setUrlAccessPolicy(callback: (url: string) => boolean): void
  setLocalAccessPolicy(callback: (path: string) => boolean): void
  createPdf(doc: object, options?: object): { getBuffer(): Promise<Buffer> }
}

/** pdfmake's font descriptor: a file for each of the four styles. */
export interface FontFamilyFiles {
  normal: string
  bold: string
  italics: string
  bolditalics: string
}

/** The parts of a fontkit font the writer reads. */
export interface FontkitFont {
  unitsPerEm: number
  ascent: number
  descent: number
  hasGlyphForCodePoint(codePoint: number): boolean
}

function once<T>(load: () => T): () => T {
  let value: T | undefined
  return () => (value ??= load())
}

export const loadPdfMake = once(() => {
  const pdfmake = require('pdfmake') as PdfMake
  batchStreamWrites(require.resolve('pdfmake'))
  return pdfmake
})
export const loadFontkit = once(() => require('fontkit') as { openSync(path: string): FontkitFont })

// The characters the OpenType features below change in the bundled fonts, found by shaping
// every character of each font (alone, doubled, and next to a letter, a digit and spaces) with
// and without them: combining marks, conjoining Hangul jamo and the Hangul filler, the dashes
// — and ― (joined into one rule when repeated), and … ; variation selectors to be safe.
const CONTEXTUAL = /[\p{M}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u3164\u2014\u2015\u2026\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/u
// Kerning and ligatures (kern, liga) stay on: they change Latin words.
const PLAIN_TEXT_FEATURES = ['ccmp', 'calt', 'locl', 'rlig', 'clig', 'rclt', 'curs'] as const

/**
 * Shaping a word with Noto Sans KR spends most of its time in features whose chained lookups are
 * tried on every glyph and change nothing unless the text has one of the CONTEXTUAL characters
 * (`ccmp` alone takes three quarters). pdfkit shapes every distinct word through fontkit's
 * `layout` with default features: for text without those characters the features are turned
 * off — the same glyphs and widths (a test compares the PDFs), a 10-page brief built 0.3 s
 * faster. One fontkit serves pdfkit and this module (npm dedupes it), so patching the font
 * class's prototype reaches pdfkit's fonts.
 */
export function skipContextualShapingOfPlainText(sample: FontkitFont): void {
  let proto = Object.getPrototypeOf(sample) as Record<string, unknown> | null
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'layout')) proto = Object.getPrototypeOf(proto) as Record<string, unknown> | null
  const layout = proto?.layout
  if (!proto || typeof layout !== 'function' || (layout as { composing?: true }).composing) return
  const patched = function (this: unknown, text: unknown, features: unknown, ...rest: unknown[]) {
    // A new object each time: fontkit adds to the one it is given.
    return layout.call(this, text, features === undefined && typeof text === 'string' && !CONTEXTUAL.test(text) ? plainTextFeatures() : features, ...rest)
  }
  proto.layout = Object.assign(patched, { composing: true as const, unpatched: layout })
}

function plainTextFeatures(): Record<string, boolean> {
  const features: Record<string, boolean> = {}
  for (const tag of PLAIN_TEXT_FEATURES) features[tag] = false
  return features
}

/**
 * A file inside an installed package, found from the package's main entry (the font packages
 * export only their index, so `PKG/package.json` cannot be resolved directly).
 */
export function packageFile(pkg: string, ...path: string[]): string {
  let dir = dirname(require.resolve(pkg))
  for (let i = 0; i < 8; i++) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg) return join(dir, ...path)
    dir = dirname(dir)
  }
  throw new Error(`cannot find the folder of the installed package \`${pkg}\``)
}
