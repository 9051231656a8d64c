import type { SourceKind, SourceMeta } from '../model/source.js'

export function blankMeta(kind: SourceKind): SourceMeta {
  return {
    title: null,
    authors: [],
    publisher: null,
    originalPublisher: null,
    date: null,
    url: null,
    language: null,
    kind,
    series: null,
    number: null,
  }
}

const ENGLISH_WORDS = /\b(?:the|and|of|to|in|is|that|for|with)\b/gi
// Enough text to tell the language; reading more only costs time.
const SAMPLE = 6000

/**
 * The main language of a text, from its scripts: Hangul → ko, kana → ja,
 * Han alone → zh; Latin text is `en` only when common English words show it.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text
  let hangul = 0
  let kana = 0
  let han = 0
  let latin = 0
  let spaces = 0
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i)
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++
      else if (c === 0x20) spaces++
    } else if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) hangul++
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff)) kana++
    // Han in the BMP; surrogate pairs (rare extension blocks) count as Han too.
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xd840 && c <= 0xd87e)) han++
    else if (c >= 0xc0 && c <= 0x24f) latin++
  }
  const cjk = hangul + kana + han
  if (cjk > latin * 0.5 && cjk > 0) {
    if (hangul >= kana && hangul >= han * 0.2) return 'ko'
    if (kana > 0 && kana >= hangul) return 'ja'
    return 'zh'
  }
  if (latin === 0) return null
  const words = sample.match(ENGLISH_WORDS)?.length ?? 0
  return words / Math.max(spaces + 1, 1) > 0.05 ? 'en' : null
}

/** Decodes the HTML character references that survive in scraped text and JSON (`&amp;`, `&#8217;`, `&rsquo;`). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole
    }
    return NAMED[body.toLowerCase()] ?? whole
  })
}

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“',
  ndash: '–', mdash: '—', hellip: '…', middot: '·', copy: '©', reg: '®', trade: '™', laquo: '«', raquo: '»', bull: '•',
}
