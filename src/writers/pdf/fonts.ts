import { readFileSync } from 'node:fs'
import { loadFontkit, packageFile, skipContextualShapingOfPlainText, subsetWithoutDecodingCharset, type FontFamilyFiles, type FontkitFont } from './load.js'

/**
 * The fonts of a PDF brief. Noto Sans KR (Hangul, kana, the Han characters of Korean use,
 * Latin) sets the text; Noto Sans SC draws the Han characters it lacks (simplified ones such
 * as 习, 们, 这); Roboto, which pdfmake ships, sets italic Latin text (Noto Sans KR has no
 * italic; CJK text in emphasis stays upright, as CJK typesetting does) and the Latin letters
 * Noto lacks (ń, ő); Courier (a PDF standard font, not embedded) sets code. All but Courier
 * are embedded as subsets.
 */
export type Family = 'NotoSansKR' | 'NotoSansSC' | 'Roboto' | 'Courier'

export interface FontStyle {
  italics?: boolean
  code?: boolean
}

/** A piece of text and the font that has a glyph for each of its characters. */
export interface FontPiece {
  text: string
  family: Family
}

const CHAINS: Record<'normal' | 'italics' | 'code', Family[]> = {
  normal: ['NotoSansKR', 'NotoSansSC', 'Roboto'],
  italics: ['Roboto', 'NotoSansKR', 'NotoSansSC'],
  code: ['Courier', 'NotoSansKR', 'NotoSansSC', 'Roboto'],
}

// Characters that take the font of the character before them: spaces, joiners, combining marks.
// (Not U+200B: only Roboto has it, with no width; in Noto it would draw a box.)
const NEUTRAL = /^[\s\u200c\u200d\u2060\ufe00-\ufe0f\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]$/u

/** The files of every family, by style. */
export function fontFiles(): Record<Family, FontFamilyFiles> {
  const kr = (weight: string): string => packageFile('@embedpdf/fonts-kr', 'fonts', `NotoSansKR-${weight}.otf`)
  const sc = (weight: string): string => packageFile('@embedpdf/fonts-sc', 'fonts', `NotoSansHans-${weight}.otf`)
  const roboto = (style: string): string => packageFile('pdfmake', 'fonts', 'Roboto', `Roboto-${style}.ttf`)
  return {
    // No italic exists: italics map to the upright faces.
    NotoSansKR: { normal: kr('Regular'), bold: kr('Bold'), italics: kr('Regular'), bolditalics: kr('Bold') },
    NotoSansSC: { normal: sc('Regular'), bold: sc('Bold'), italics: sc('Regular'), bolditalics: sc('Bold') },
    Roboto: { normal: roboto('Regular'), bold: roboto('Medium'), italics: roboto('Italic'), bolditalics: roboto('MediumItalic') },
    Courier: { normal: 'Courier', bold: 'Courier-Bold', italics: 'Courier-Oblique', bolditalics: 'Courier-BoldOblique' },
  }
}

/** The names pdfkit knows as standard fonts (read from its own data, not from a path). */
export const STANDARD_FONTS = new Set(['Courier', 'Courier-Bold', 'Courier-Oblique', 'Courier-BoldOblique'])

const HAN = /^[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]$/u

// Courier is a standard font in WinAnsi encoding: printable ASCII and Latin-1.
const WIN_ANSI = /^[\x20-\x7e\xa0-\xff]$/

let opened: Map<Family, FontkitFont> | null = null
const coverage = new Map<Family, Map<number, boolean>>()
const bytesOfFile = new Map<string, Buffer>()

/**
 * The bytes of the font files read so far (for glyph lookups), by path: the PDF writer hands
 * them to pdfmake, which would otherwise read Noto Sans KR (4.6 MB) a second time.
 */
export function fontFilesRead(): ReadonlyMap<string, Buffer> {
  return bytesOfFile
}

function font(family: Exclude<Family, 'Courier'>): FontkitFont {
  opened ??= new Map()
  let found = opened.get(family)
  if (!found) {
    const path = fontFiles()[family].normal
    const bytes = readFileSync(path)
    bytesOfFile.set(path, bytes)
    found = loadFontkit().create(bytes)
    skipContextualShapingOfPlainText(found)
    subsetWithoutDecodingCharset(found)
    opened.set(family, found)
  }
  return found
}

/** Whether `family` has a glyph for `codePoint` (the regular face; the others cover the same). */
export function hasGlyph(family: Family, codePoint: number): boolean {
  if (family === 'Courier') return WIN_ANSI.test(String.fromCodePoint(codePoint))
  let known = coverage.get(family)
  if (!known) coverage.set(family, (known = new Map()))
  let has = known.get(codePoint)
  if (has === undefined) {
    has = font(family).hasGlyphForCodePoint(codePoint)
    known.set(codePoint, has)
  }
  return has
}

/**
 * A family's line height relative to Noto Sans KR's (its ascent to descent is 1 em): a run
 * in Roboto, whose line is 1.17 em, gets a smaller line height so lines keep one spacing.
 */
export function heightRatio(family: Family): number {
  if (family === 'NotoSansKR') return 1
  if (family === 'Courier') return 0.786
  const f = font(family)
  return (f.ascent - f.descent) / f.unitsPerEm
}

/**
 * Splits text into pieces that one font draws whole, trying each font of the style's chain in
 * turn. Characters no font has go to the chain's first font (they draw as a blank box) and
 * are added to `missing`.
 */
export function splitByFont(text: string, style: FontStyle, missing?: Set<string>): FontPiece[] {
  const chain = CHAINS[style.code ? 'code' : style.italics ? 'italics' : 'normal']
  // Most runs are printable ASCII, which the first font of every chain has whole: one piece.
  if (PRINTABLE_ASCII.test(text) && hasAllOfAscii(chain[0]!)) return text ? [{ text, family: chain[0]! }] : []
  const out: FontPiece[] = []
  let current: Family | null = null
  let start = 0
  let i = 0
  for (const ch of text) {
    let family: Family | null = current
    if (current === null || !NEUTRAL.test(ch)) {
      const cp = ch.codePointAt(0)!
      // A Han character stays in the font of the one before it, so 习近平 is one face, not two.
      const sticky: boolean = (current === 'NotoSansSC' || current === 'NotoSansKR') && HAN.test(ch) && hasGlyph(current, cp)
      family = sticky ? current : (chain.find((f) => hasGlyph(f, cp)) ?? null)
      if (family === null) {
        missing?.add(ch)
        family = current ?? chain[0]!
      }
    }
    if (family !== current) {
      if (current !== null && i > start) out.push({ text: text.slice(start, i), family: current })
      current = family
      start = i
    }
    i += ch.length
  }
  if (current !== null && text.length > start) out.push({ text: text.slice(start), family: current })
  return out
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const wholeAscii = new Map<Family, boolean>()

/** Whether `family` has a glyph for every printable ASCII character. */
function hasAllOfAscii(family: Family): boolean {
  let has = wholeAscii.get(family)
  if (has === undefined) {
    has = true
    for (let cp = 0x20; cp <= 0x7e && has; cp++) has = hasGlyph(family, cp)
    wholeAscii.set(family, has)
  }
  return has
}

/** The characters of `text` that no font of the PDF can draw. */
export function missingGlyphs(text: string): string[] {
  const missing = new Set<string>()
  splitByFont(text, {}, missing)
  return [...missing]
}
