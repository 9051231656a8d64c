import { createHash } from 'node:crypto'
import type { Claim, SourceMeta } from '../model/source.js'
import { familyName } from './names.js'

// Crockford's base32 without i, l, o, u: short ids stay typable and unambiguous.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const BASE_LENGTH = 5

/** The form of a claim's text that its id depends on: width, case, quotes and spacing do not count. */
export function normalizeClaimText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
}

function base32Hash(text: string): string {
  const digest = createHash('sha1').update(text).digest()
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of digest) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return out
}

/**
 * Gives each claim `<sourceId>.<hash>`. The hash depends only on the claim's own
 * normalized text, so editing one claim changes no other id. A clash between
 * different texts lengthens the later id; a repeated text gets `-2`, `-3`.
 */
export function assignClaimIds(claims: Claim[], sourceId: string): void {
  const owner = new Map<string, string>()
  const repeats = new Map<string, number>()
  for (const claim of claims) {
    const norm = normalizeClaimText(claim.text)
    const full = base32Hash(norm)
    let length = BASE_LENGTH
    let hash = full.slice(0, length)
    while (owner.has(hash) && owner.get(hash) !== norm && length < full.length) {
      length += 1
      hash = full.slice(0, length)
    }
    if (owner.get(hash) === norm) {
      const n = (repeats.get(hash) ?? 1) + 1
      repeats.set(hash, n)
      claim.id = `${sourceId}.${hash}-${n}`
    } else {
      owner.set(hash, norm)
      claim.id = `${sourceId}.${hash}`
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
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

function firstSignificantWord(title: string): string {
  for (const word of title.split(/[\s—–:;,.!?()[\]"“”]+/u)) {
    // "Korea’s" → "korea": a possessive is not part of the word.
    const bare = keyPart(word.replace(/['’]s$/u, ''))
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
  let who = author ? keyPart(familyName(author.name)) : ''
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
    const suffix = suffixFor(n)
    if (!taken.has(key + suffix)) return key + suffix
  }
}

function suffixFor(n: number): string {
  let s = ''
  let k = n
  do {
    s = String.fromCharCode(97 + (k % 26)) + s
    k = Math.floor(k / 26) - 1
  } while (k >= 0)
  return s
}
