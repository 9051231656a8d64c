import { hasCjk } from './search-text.js'

// Words that carry no claim of their own.
const STOPWORDS = new Set(
  ('a an the and or but of to in on at by for with from as is are was were be been being has have had do does did ' +
    'that this these those it its their his her they them he she we our you your not no will would can could should may might ' +
    'than then so such also into over under about after before between during while which who whom whose what when where why how ' +
    'there here more most some any each other all both only very just said says according')
    .split(' '),
)

/** A light English stemmer: enough to make "issues", "issue" and "issued" one term. */
function stem(word: string): string {
  if (word.length <= 4) return word
  return word.replace(/(?:ies|ied)$/, 'y').replace(/(?:ing|ed|es|s|ly)$/, '')
}

/**
 * The terms of a claim for comparing it with others: stemmed Latin words without
 * stopwords, and CJK bigrams.
 */
export function terms(text: string): Map<string, string> {
  // term → a word of the text it came from (for looking the term up in the FTS index)
  const out = new Map<string, string>()
  for (const word of text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue
    if (hasCjk(word)) {
      for (let i = 0; i + 1 < word.length; i++) out.set(word.slice(i, i + 2), word.slice(i, i + 2))
      if (word.length === 1) out.set(word, word)
    } else if (!STOPWORDS.has(word) && word.length > 1 && !out.has(stem(word))) out.set(stem(word), word)
  }
  return out
}

/**
 * How much of claim A another claim also says: the share of A's terms, weighted by how
 * rare each term is in the library (`weight`), that B holds too. 1 means B says all A says.
 */
export function containment(a: Map<string, string>, b: Map<string, string>, weight: (term: string) => number): number {
  let total = 0
  let shared = 0
  for (const term of a.keys()) {
    const w = weight(term)
    total += w
    if (b.has(term)) shared += w
  }
  return total === 0 ? 0 : shared / total
}
