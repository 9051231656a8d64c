import type { Claim, SourceMeta } from '../model/source.js'
import { familyName } from './names.js'
import { romanizeHangul, romanizeSurname } from './romanize.js'

// Crockford's base32 without i, l, o, u: short ids stay typable and unambiguous.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const BASE_LENGTH = 5

const NON_ASCII = /[^\x00-\x7f]/
const SPACE_RUNS = /\s+/g

/** The form of a claim's text that its id depends on: width, case, quotes and spacing do not count. */
export function normalizeClaimText(text: string): string {
  let out = text
  // Most claims are ASCII: width folding and typographic quotes cannot apply to them.
  if (NON_ASCII.test(out)) {
    out = out.normalize('NFKC').replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″]/g, '"')
  }
  return out.toLowerCase().replace(SPACE_RUNS, ' ').trim()
}

/** A claim's hash: two 32-bit lanes (cyrb53's mixing) of its normalized text. */
interface Hash {
  a: number
  b: number
}

function finish(h1: number, h2: number): Hash {
  const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909)
  // Signed 32-bit lanes stay small integers in V8; unsigned ones above 2^31 become heap numbers.
  return { a: a | 0, b: b | 0 }
}

function hashString(text: string): Hash {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  return finish(h1, h2)
}

// For ASCII: the code a character hashes as (lower case), or 0 for whitespace.
const ASCII_FOLD = new Uint8Array(128)
for (let c = 0; c < 128; c++) ASCII_FOLD[c] = c === 32 || (c >= 9 && c <= 13) ? 0 : c >= 65 && c <= 90 ? c + 32 : c

/**
 * `hashString(normalizeClaimText(text))`, computed in one pass without
 * building the normalized string when the text is ASCII (most claims are).
 * Not cryptographic: ids need spread, not secrecy, and clashes are resolved.
 */
function claimHash(text: string): Hash {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  let pendingSpace = false
  let started = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // Anything beyond ASCII needs Unicode folding: start again on the normalized text.
    if (c >= 128) return hashString(normalizeClaimText(text))
    const folded = ASCII_FOLD[c]!
    if (folded === 0) {
      pendingSpace = started
      continue
    }
    if (pendingSpace) {
      h1 = Math.imul(h1 ^ 32, 2654435761)
      h2 = Math.imul(h2 ^ 32, 1597334677)
      pendingSpace = false
    }
    h1 = Math.imul(h1 ^ folded, 2654435761)
    h2 = Math.imul(h2 ^ folded, 1597334677)
    started = true
  }
  return finish(h1, h2)
}

/** The first `length` base32 digits of a hash (up to 12: 30 bits of each lane). */
const ALPHABET_CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0))

function digits(hash: Hash, length: number): string {
  // Character codes first, one string at the end: building it a character at a time
  // costs five allocations a claim.
  const codes: number[] = []
  for (let i = 0; i < length; i++) {
    const lane = i < 6 ? hash.a : hash.b
    codes.push(ALPHABET_CODES[(lane >>> (25 - 5 * (i % 6))) & 31]!)
  }
  return String.fromCharCode(...codes)
}

export function claimHashDigits(text: string, length = BASE_LENGTH): string {
  return digits(claimHash(text), length)
}

/** An open-addressing map from non-negative 31-bit keys to 32-bit values, in typed arrays. */
class IntTable {
  readonly #keys: Int32Array
  readonly #values: Int32Array
  readonly #mask: number

  constructor(expected: number) {
    let size = 16
    while (size < expected * 2) size *= 2
    this.#keys = new Int32Array(size).fill(-1)
    this.#values = new Int32Array(size)
    this.#mask = size - 1
  }

  #slot(key: number): number {
    let i = Math.imul(key, 0x9e3779b1) & this.#mask
    while (this.#keys[i] !== -1 && this.#keys[i] !== key) i = (i + 1) & this.#mask
    return i
  }

  get(key: number): number | undefined {
    const i = this.#slot(key)
    return this.#keys[i] === -1 ? undefined : this.#values[i]
  }

  set(key: number, value: number): void {
    const i = this.#slot(key)
    this.#keys[i] = key
    this.#values[i] = value
  }
}

/**
 * Gives each claim `<sourceId>.<hash>`. The hash depends only on the claim's own
 * normalized text, so editing one claim changes no other id. A clash between
 * different texts lengthens the later id; a repeated text gets `-2`, `-3`.
 */
export function assignClaimIds(claims: Claim[], sourceId: string): void {
  // Keyed by the 25 bits of the five-digit id, holding the other lane to tell texts apart:
  // numbers, not strings, so a source of 400,000 claims allocates nothing per claim here.
  const owner = new IntTable(claims.length)
  const repeats = new Map<number, number>()
  // Rare: ids lengthened because another text had the same five digits.
  const longer = new Map<string, { b: number; n: number }>()
  // One shared prefix string: each id is then one small string joined to it.
  const prefix = `${sourceId}.`
  for (const claim of claims) {
    const hash = claimHash(claim.text)
    const key = (hash.a >>> 5) & 0x1ffffff
    const seen = owner.get(key)
    if (seen === undefined) {
      owner.set(key, hash.b)
      claim.id = prefix + digits(hash, BASE_LENGTH)
    } else if (seen === hash.b) {
      const n = (repeats.get(key) ?? 1) + 1
      repeats.set(key, n)
      claim.id = `${prefix}${digits(hash, BASE_LENGTH)}-${n}`
    } else {
      let length = BASE_LENGTH + 1
      let id = digits(hash, length)
      while (longer.has(id) && longer.get(id)!.b !== hash.b && length < 12) id = digits(hash, ++length)
      const entry = longer.get(id)
      if (entry === undefined) {
        longer.set(id, { b: hash.b, n: 1 })
        claim.id = prefix + id
      } else {
        entry.n += 1
        claim.id = `${prefix}${id}-${entry.n}`
      }
    }
  }
}

// Words Better BibTeX skips when it takes the first significant title word.
const SKIP_WORDS = new Set(
  ('a about above across after against along amid among an and around as at because before behind below beneath ' +
    'beside besides between beyond but by concerning despite down during except for from in inside into like near ' +
    'nor of off on onto or out outside over past per since so than the through throughout till to toward towards ' +
    'under underneath until up upon versus via with within without yet how why what when where who whose which ' +
    'is are was were be its it this that these those new')
    .split(' '),
)

function keyPart(text: string): string {
  // NFC first: romanization reads precomposed Hangul syllables. Accents come off Latin
  // letters only: stripping marks from kana would turn ベ into ヘ.
  return romanizeHangul(text.normalize('NFC'))
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

// Japanese and Chinese titles have no spaces between words: the key takes the leading
// run of Han or katakana, at most this many characters (日韓の防災協力 → 日韓).
const MAX_CJK_WORD = 4
const CJK_RUN = new RegExp(`^[\\p{Script=Han}\\p{Script=Katakana}ー]{1,${MAX_CJK_WORD}}`, 'u')

function firstSignificantWord(title: string): string {
  for (const word of title.split(/[\s—–:;,.!?()[\]"“”]+/u)) {
    // "Korea’s" → "korea": a possessive is not part of the word.
    const bare = keyPart(word.replace(/['’]s$/u, ''))
    const cjk = CJK_RUN.exec(bare)
    if (cjk) return cjk[0]
    if (bare && !SKIP_WORDS.has(bare)) return bare
  }
  return ''
}

/**
 * A citation key in the Better BibTeX manner: first author's family name, year,
 * first significant title word (`jin2023indopacific`). Falls back to the
 * publisher, then `anon`, when there is no author. A key already in `taken`
 * gets a suffix `a`, `b`, … in a fixed order.
 */
export function makeSourceId(meta: Pick<SourceMeta, 'authors' | 'publisher' | 'date' | 'title'>, taken?: ReadonlySet<string>): string {
  const author = meta.authors[0]
  let who = author ? keyPart(romanizeSurname(familyName(author.name))) : ''
  if (!who && meta.publisher) {
    const words = meta.publisher.replace(/^the\s+/i, '').split(/\s+/)
    who = keyPart(words.length <= 2 ? words.join('') : (words[0] ?? ''))
  }
  if (!who) who = 'anon'
  const year = meta.date?.slice(0, 4) ?? ''
  const word = meta.title ? firstSignificantWord(meta.title) : ''
  const key = `${who}${year}${word}`.slice(0, 60)
  if (!taken?.has(key)) return key
  for (let n = 0; ; n++) {
    const suffix = keySuffix(n)
    if (!taken.has(key + suffix)) return key + suffix
  }
}

/** The n-th clash suffix of a citation key: a, b, …, z, aa, ab, … (Better BibTeX's order). */
export function keySuffix(n: number): string {
  let s = ''
  let k = n
  do {
    s = String.fromCharCode(97 + (k % 26)) + s
    k = Math.floor(k / 26) - 1
  } while (k >= 0)
  return s
}
