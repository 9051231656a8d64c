import type { DiagnosticBag } from '../diagnostics/collector.js'
import { loadChardet, loadIconv } from './lazy.js'

export interface Decoded {
  /** The text with line endings normalized to `\n`. */
  text: string
  /** The encoding used, as iconv-lite names it. */
  encoding: string
  binary: boolean
}

// Superset encodings decode more real-world files than their base names.
const SUPERSET: Record<string, string> = {
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  'gb2312': 'gb18030',
  'gbk': 'gb18030',
  'shift_jis': 'cp932',
  'sjis': 'cp932',
  'x-sjis': 'cp932',
  'big5': 'big5-hkscs',
  'iso-8859-1': 'windows-1252',
  'us-ascii': 'utf-8',
  'ascii': 'utf-8',
}

function canonical(name: string): string {
  const lower = name.trim().toLowerCase()
  return SUPERSET[lower] ?? lower
}

/** A charset declared in the first bytes: HTML `<meta charset>`, `http-equiv`, or an XML declaration. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1')
  const m =
    /<meta[^>]{0,200}?charset\s{0,3}=\s{0,3}["']?([\w.:-]{1,40})/i.exec(head) ??
    /<\?xml[^>]{0,200}?encoding\s{0,3}=\s{0,3}["']([\w.:-]{1,40})/i.exec(head)
  return m?.[1] ?? null
}

export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192)
  // A plain Uint8Array view: element access on Buffer subclasses is far slower in hot loops.
  const head = new Uint8Array(bytes.buffer, bytes.byteOffset, n)
  if (head.indexOf(0) !== -1) return true
  let controls = 0
  for (let i = 0; i < n; i++) {
    const b = head[i]!
    if (b < 32 && (b < 9 || (b > 13 && b !== 27))) controls++
  }
  return n > 0 && controls / n > 0.1
}

/** UTF-16 without a BOM shows as zero bytes at every other position. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1
  if (n < 4) return null
  // Fast rejection: text in UTF-16 has zero bytes; most files have none.
  const head = new Uint8Array(bytes.buffer, bytes.byteOffset, n)
  if (head.indexOf(0) === -1) return null
  let evenZero = 0
  let oddZero = 0
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++
    if (head[i + 1] === 0) oddZero++
  }
  const pairs = n / 2
  if (oddZero / pairs > 0.4 && evenZero / pairs < 0.05) return 'utf-16le'
  if (evenZero / pairs > 0.4 && oddZero / pairs < 0.05) return 'utf-16be'
  return null
}

function countReplacements(text: string): number {
  let n = 0
  let at = text.indexOf('\uFFFD')
  while (at !== -1) {
    n++
    at = text.indexOf('\uFFFD', at + 1)
  }
  return n
}

function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

function decodeWith(bytes: Uint8Array, encoding: string, bag: DiagnosticBag): Decoded {
  // UTF-8 needs no conversion library; everything else goes through iconv-lite.
  const text =
    encoding === 'utf-8'
      ? new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)
      : loadIconv().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true })
  const bad = countReplacements(text)
  if (bad > 0) {
    bag.report('invalid-encoding', `${bad} byte sequence(s) are not valid \`${encoding}\` and were replaced with U+FFFD; re-save the file as UTF-8`)
  }
  return { text: normalizeNewlines(text), encoding, binary: false }
}

/**
 * Decodes a file's bytes: BOM first, then the charset the bytes were sent with (an HTTP
 * header) if the content bears it out, then a charset declared in the content, then strict
 * UTF-8, then detection (chardet) among the encodings policy sources use.
 */
export function decodeBytes(bytes: Uint8Array, bag: DiagnosticBag, sentAs?: string | null): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeWith(bytes, 'utf-8', bag)
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith(bytes, 'utf-16le', bag)
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith(bytes, 'utf-16be', bag)
  const utf16 = sniffUtf16(bytes)
  if (utf16) return decodeWith(bytes, utf16, bag)
  if (looksBinary(bytes)) {
    bag.report('binary-input', 'the file holds binary data (NUL or control bytes), not text; convert it to text, HTML, Markdown or JSON first')
    return { text: '', encoding: 'binary', binary: true }
  }
  if (sentAs) {
    const decoded = decodeAsSent(bytes, sentAs, bag)
    if (decoded) return decoded
  }
  const declared = declaredCharset(bytes)
  if (declared) {
    const name = canonical(declared)
    if (loadIconv().encodingExists(name)) return decodeWith(bytes, name, bag)
    bag.report('invalid-encoding', `the declared charset \`${declared}\` is unknown; detecting the encoding instead`)
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { text: normalizeNewlines(text), encoding: 'utf-8', binary: false }
  } catch {
    // Not clean UTF-8: either another encoding or UTF-8 with a few damaged bytes.
  }
  const loose = new TextDecoder('utf-8').decode(bytes)
  const damaged = countReplacements(loose)
  if (damaged <= Math.max(3, loose.length / 1000)) return decodeWith(bytes, 'utf-8', bag)
  const sample = bytes.length > 65536 ? bytes.subarray(0, 65536) : bytes
  const guess = loadChardet().analyse(sample).find((c) => loadIconv().encodingExists(canonical(c.name)))
  const encoding = guess ? canonical(guess.name) : 'utf-8'
  bag.report('encoding-guessed', `no BOM or declared charset; decoded as \`${encoding}\` (detected${guess ? `, confidence ${guess.confidence}%` : ''})`)
  return decodeWith(bytes, encoding, bag)
}

/**
 * The bytes decoded with the charset a server sent them with, or null when the content
 * says otherwise. Servers mislabel pages often, most often UTF-8 sent as a legacy charset:
 * valid UTF-8 with non-ASCII bytes is almost never text in another encoding, so it wins.
 */
function decodeAsSent(bytes: Uint8Array, sentAs: string, bag: DiagnosticBag): Decoded | null {
  const name = canonical(sentAs)
  if (!loadIconv().encodingExists(name)) {
    bag.report('encoding-mismatch', `the charset \`${sentAs}\` the server sent is unknown; detecting the encoding instead`)
    return null
  }
  let utf8: string | null = null
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Not UTF-8.
  }
  if (name === 'utf-8') {
    if (utf8 !== null) return { text: normalizeNewlines(utf8), encoding: 'utf-8', binary: false }
    bag.report('encoding-mismatch', `the server sent the file as \`${sentAs}\`, but its bytes are not valid UTF-8; detecting the encoding instead`)
    return null
  }
  if (utf8 !== null && /[^\x00-\x7f]/.test(utf8)) {
    bag.report('encoding-mismatch', `the server sent the file as \`${sentAs}\`, but its bytes are UTF-8; decoded as UTF-8`)
    return { text: normalizeNewlines(utf8), encoding: 'utf-8', binary: false }
  }
  // Legacy encodings accept most byte sequences (Shift_JIS bytes are valid EUC-KR), so
  // validity cannot catch a mislabel between them; a detector that is sure can.
  const sample = bytes.length > 65536 ? bytes.subarray(0, 65536) : bytes
  const [best] = loadChardet().analyse(sample)
  if (best && best.confidence >= 90 && canonical(best.name) !== name && loadIconv().encodingExists(canonical(best.name))) {
    bag.report('encoding-mismatch', `the server sent the file as \`${sentAs}\`, but its bytes are \`${canonical(best.name)}\` (detected, confidence ${best.confidence}%); decoded as that`)
    return decodeWith(bytes, canonical(best.name), bag)
  }
  const text = loadIconv().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name, { stripBOM: true })
  if (countReplacements(text) > Math.max(3, text.length / 1000)) {
    bag.report('encoding-mismatch', `the server sent the file as \`${sentAs}\`, but its bytes are not valid \`${sentAs}\`; detecting the encoding instead`)
    return null
  }
  return decodeWith(bytes, name, bag)
}
