import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { drawLinesInRuns } from './lines.js'
import { measureWordsOfAPieceOnce, type MeasureClasses } from './measure.js'
import { sortNamesByBytes } from './names.js'
import { batchStreamWrites } from './streams.js'

// pdfmake (with pdfkit and fontkit) costs about 50 ms and 30 MB to load: only a PDF build
// loads it, never `brief --version` or a Markdown build.
const require = createRequire(import.meta.url)

/** The parts of pdfmake 0.3's server-side singleton the writer uses. */
export interface PdfMake {
  setFonts(fonts: Record<string, FontFamilyFiles>): void
  setUrlAccessPolicy(callback: (url: string) => boolean): void
  setLocalAccessPolicy(callback: (path: string) => boolean): void
  createPdf(doc: object, options?: object): { getBuffer(): Promise<Buffer> }
  /** Files pdfmake takes from memory instead of the disk, by path. */
  virtualfs: { writeFileSync(path: string, content: Uint8Array): void }
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

// A prototype pdfmake's internals expose; their methods are patched for footnotes.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type Patchable = { prototype: Record<string, Function> }

/** pdfmake, the pdfkit and fontkit it uses, and the pdfmake classes the writer patches. */
export interface PdfStack {
  pdfmake: PdfMake
  LayoutBuilder: Patchable
  DocumentContext: Patchable
  ElementWriter: Patchable
  Renderer: Patchable
  StyleContextStack: MeasureClasses['StyleContextStack']
  TextInlines: MeasureClasses['TextInlines']
  PDFDocument: { prototype: { ref?: (this: unknown, data?: unknown) => object } }
  fontkit: { create(bytes: Uint8Array): FontkitFont }
}

/**
 * The PDF libraries from their bundle in dist/vendor/pdf.cjs (scripts/bundle.mjs: one
 * file instead of about 70, without the encryption, WOFF2 and SVG code briefkit never runs —
 * 45 ms to load instead of 75), or from the packages where there is none (the TypeScript
 * sources). Either way the patches reach the very modules pdfmake uses.
 */
export const loadPdfStack = once((): PdfStack => {
  const bundle = fileURLToPath(new URL('../../vendor/pdf.cjs', import.meta.url))
  const stack = existsSync(bundle)
    ? (require(bundle) as PdfStack)
    : (() => {
        const fromPdfmake = createRequire(require.resolve('pdfmake'))
        const internal = (name: string): Patchable => (require(`pdfmake/js/${name}`) as { default: Patchable }).default
        return {
          pdfmake: require('pdfmake') as PdfMake,
          LayoutBuilder: internal('LayoutBuilder'),
          DocumentContext: internal('DocumentContext'),
          ElementWriter: internal('ElementWriter'),
          Renderer: internal('Renderer'),
          StyleContextStack: internal('StyleContextStack') as unknown as MeasureClasses['StyleContextStack'],
          TextInlines: internal('TextInlines') as unknown as MeasureClasses['TextInlines'],
          // pdfkit and fontkit as pdfmake resolves them, should npm ever install a second copy.
          PDFDocument: fromPdfmake('pdfkit') as PdfStack['PDFDocument'],
          fontkit: fromPdfmake('fontkit') as PdfStack['fontkit'],
        }
      })()
  batchStreamWrites(stack.PDFDocument)
  sortNamesByBytes(stack.PDFDocument as unknown as Parameters<typeof sortNamesByBytes>[0])
  drawLinesInRuns(stack.Renderer as Parameters<typeof drawLinesInRuns>[0])
  measureWordsOfAPieceOnce(stack)
  return stack
})

export const loadPdfMake = (): PdfMake => loadPdfStack().pdfmake
export const loadFontkit = (): PdfStack['fontkit'] => loadPdfStack().fontkit

// The characters the OpenType features below change in the bundled fonts, found by shaping
// every character of each font (alone, doubled, and next to a letter, a digit and spaces) with
// and without them: combining marks, conjoining Hangul jamo and the Hangul filler, the dashes
// — and ― (joined into one rule when repeated), and … ; variation selectors to be safe.
const CONTEXTUAL = /[\p{M}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u3164\u2014\u2015\u2026\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/u
// Kerning and ligatures (kern, liga) stay on: they change Latin words.
const PLAIN_TEXT_FEATURES = ['ccmp', 'calt', 'locl', 'rlig', 'clig', 'rclt', 'curs'] as const

/** The nearest prototype of `sample` that has `method` of its own. */
function ownerOf(sample: object, method: string): Record<string, unknown> | null {
  let proto = Object.getPrototypeOf(sample) as Record<string, unknown> | null
  while (proto && !Object.prototype.hasOwnProperty.call(proto, method)) proto = Object.getPrototypeOf(proto) as Record<string, unknown> | null
  return proto
}

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
  const proto = ownerOf(sample, 'layout')
  const layout = proto?.layout
  if (!proto || typeof layout !== 'function' || (layout as { composing?: true }).composing) return
  const patched = function (this: unknown, text: unknown, features: unknown, ...rest: unknown[]) {
    // A new object each time: fontkit adds to the one it is given.
    return layout.call(this, text, features === undefined && typeof text === 'string' && !CONTEXTUAL.test(text) ? plainTextFeatures() : features, ...rest)
  }
  proto.layout = Object.assign(patched, { composing: true as const, unpatched: layout })
}

/**
 * fontkit's CFF subsetter copies the font's top dictionary, and the copy reads every entry,
 * the glyph-name table (`charset`) too: 25,000 ranges decoded for Noto Sans KR, per face, only
 * to be replaced by the subset's own (10 ms of a build). The entry is hidden while the subset
 * is encoded and put back after, undecoded: the same bytes. Installed on the subsetter's class
 * through the first subset made (fontkit does not export it).
 */
export function subsetWithoutDecodingCharset(sample: FontkitFont): void {
  const proto = ownerOf(sample, 'createSubset')
  const createSubset = proto?.createSubset
  if (!proto || typeof createSubset !== 'function' || (createSubset as { wrapped?: true }).wrapped) return
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const subset = createSubset.apply(this, args) as { cff?: unknown }
    const subsetProto = Object.getPrototypeOf(subset) as { encode?: (...a: unknown[]) => unknown; charsetHidden?: true }
    const encode = subsetProto.encode
    if ('cff' in subset && typeof encode === 'function' && !subsetProto.charsetHidden) {
      subsetProto.encode = Object.assign(function (this: { cff?: { topDict?: object } }, ...a: unknown[]) {
        const topDict = this.cff?.topDict
        const charset = topDict && Object.getOwnPropertyDescriptor(topDict, 'charset')
        if (!topDict || !charset?.get || !charset.configurable) return encode.apply(this, a)
        Object.defineProperty(topDict, 'charset', { value: null, configurable: true, enumerable: true, writable: true })
        try {
          return encode.apply(this, a)
        } finally {
          Object.defineProperty(topDict, 'charset', charset)
        }
      }, { unpatched: encode })
      subsetProto.charsetHidden = true
    }
    return subset
  }
  proto.createSubset = Object.assign(wrapped, { wrapped: true as const })
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
