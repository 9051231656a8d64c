import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

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

export const loadPdfMake = once(() => require('pdfmake') as PdfMake)
export const loadFontkit = once(() => require('fontkit') as { openSync(path: string): FontkitFont })

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
