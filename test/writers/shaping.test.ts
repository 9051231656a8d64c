import { describe, expect, it } from 'vitest'
import { hasGlyph } from '../../src/writers/pdf/fonts.js'
import { loadFontkit, packageFile } from '../../src/writers/pdf/load.js'

/*
 * The PDF writer turns off OpenType features that change nothing in plain text (a third of
 * the time of a build). Shaping with and without them must give the same glyphs and positions
 * for every kind of text a brief holds.
 */
type Run = { glyphs: Array<{ id: number }>; positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }> }
type Layout = ((text: string, features?: unknown) => Run) & { unpatched?: (this: unknown, text: string, features?: unknown) => Run }

const SAMPLES = [
  'The office affirmed its fiscal framework: “Wave”, AVA, To, Ty, office, ﬁnal, 1/2, 3.14%.',
  'Regional alliances weigh the port expansion — and — the trade settlement……',
  '한일 관계는 2023년 이후 빠르게 개선되었다. 윤석열 대통령은 “미래 지향적” 관계를 강조했다.',
  '日韓関係は改善した。岸田首相は「未来志向」を強調した。カタカナ、ひらがな。',
  '习近平主席们这样说明；蔣萬安 市長は 台北で 發言した。',
  'Café, naïve, Đà Nẵng, e\u0301, a\u0308, 각 (conjoining jamo), ㅤ filler, ―― rule.',
  'Seoul–Tokyo ... ‘quotes’ « guillemets » ½ ¾ № ™ © ® ° ± × ÷',
]

describe('shaping plain text with fewer OpenType features', () => {
  it('gives the same glyphs and positions as full shaping, in every font', () => {
    hasGlyph('NotoSansKR', 0x41) // opens a font, which installs the shortcut
    const fontkit = loadFontkit() as unknown as { openSync(path: string): { layout: Layout } }
    const files = [
      packageFile('@embedpdf/fonts-kr', 'fonts', 'NotoSansKR-Regular.otf'),
      packageFile('@embedpdf/fonts-kr', 'fonts', 'NotoSansKR-Bold.otf'),
      packageFile('@embedpdf/fonts-sc', 'fonts', 'NotoSansHans-Regular.otf'),
      packageFile('pdfmake', 'fonts', 'Roboto', 'Roboto-Italic.ttf'),
    ]
    const sig = (run: Run): string => run.glyphs.map((g, i) => `${g.id}@${run.positions[i]!.xAdvance},${run.positions[i]!.xOffset},${run.positions[i]!.yOffset}`).join(' ')
    for (const file of files) {
      const font = fontkit.openSync(file)
      const unpatched = font.layout.unpatched
      expect(unpatched, 'the shortcut is installed').toBeTypeOf('function')
      for (const sample of SAMPLES) {
        // pdfkit shapes word by word, each with its trailing space.
        for (const word of sample.match(/\S+\s*/g)!) {
          expect(sig(font.layout(word)), `${file.split('/').pop()}: ${word}`).toBe(sig(unpatched!.call(font, word)))
        }
      }
    }
  })
})

describe('font subsets', () => {
  it('are the same bytes without decoding the font’s glyph-name table, which stays readable', () => {
    hasGlyph('NotoSansKR', 0x41) // opens a font, which installs the shortcut
    type Subset = { includeGlyph(id: number): number; encode(): Uint8Array }
    type Font = { layout(text: string): { glyphs: Array<{ id: number }> }; createSubset(): Subset; 'CFF ': { topDict: { charset: unknown } } }
    const fontkit = loadFontkit() as unknown as { openSync(path: string): Font }
    const file = packageFile('@embedpdf/fonts-kr', 'fonts', 'NotoSansKR-Bold.otf')
    const subsetOf = (font: Font): Subset => {
      const subset = font.createSubset()
      for (const glyph of font.layout('Ports 항만 協力 “quoted” 2026').glyphs) subset.includeGlyph(glyph.id)
      return subset
    }
    const quick = fontkit.openSync(file)
    const bytes = Buffer.from(subsetOf(quick).encode())
    const plain = subsetOf(fontkit.openSync(file))
    const encode = (Object.getPrototypeOf(plain) as { encode: { unpatched?: (this: Subset) => Uint8Array } }).encode
    expect(encode.unpatched).toBeTypeOf('function')
    expect(bytes.equals(Buffer.from(encode.unpatched!.call(plain)))).toBe(true)
    expect(quick['CFF '].topDict.charset).toBeTruthy()
  })
})
