// FTS5's unicode61 tokenizer splits on spaces, which Korean, Japanese and Chinese text
// barely has. Claims are indexed with every run of CJK characters replaced by its
// overlapping bigrams ("반도체" → "반도 도체"), and queries are turned into the same
// bigram phrases, so a query matches inside words. Latin text is left for the porter
// stemmer (policy/policies).

function isCjk(code: number): boolean {
  return (
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul syllables
    (code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f) || // Hangul jamo
    (code >= 0x3040 && code <= 0x30ff) || // kana
    (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) // Han
  )
}

/** Splits text into runs: `cjk` runs and everything else. */
function runs(text: string): Array<{ cjk: boolean; text: string }> {
  const out: Array<{ cjk: boolean; text: string }> = []
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    const cjk = i < text.length && isCjk(text.charCodeAt(i))
    const prev = i > 0 && isCjk(text.charCodeAt(i - 1))
    if (i === text.length || (i > start && cjk !== prev)) {
      if (i > start) out.push({ cjk: prev, text: text.slice(start, i) })
      start = i
    }
  }
  return out
}

function bigrams(run: string): string[] {
  if (run.length === 1) return [run]
  const out: string[] = []
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2))
  return out
}

/** The text FTS5 indexes for a claim. */
export function searchText(text: string): string {
  let out = ''
  for (const run of runs(text)) out += run.cjk ? ` ${bigrams(run.text).join(' ')} ` : run.text
  return out
}

export function hasCjk(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isCjk(text.charCodeAt(i))) return true
  return false
}

/** One term of a query, as the user wrote it (for highlighting). */
export interface QueryTerm {
  text: string
  phrase: boolean
}

/**
 * A user's query → an FTS5 MATCH expression. Words are ANDed; "quoted phrases" match
 * exactly (as phrases); CJK runs become bigram phrases. Everything is quoted, so FTS5
 * syntax characters in a query cannot cause an error.
 */
export function ftsQuery(query: string): { match: string; terms: QueryTerm[] } | null {
  const terms: QueryTerm[] = []
  const parts: string[] = []
  const pattern = /"([^"]*)"|(\S+)/g
  for (const m of query.matchAll(pattern)) {
    const phrase = m[1] !== undefined
    const raw = (m[1] ?? m[2] ?? '').trim()
    if (!raw) continue
    const tokens: string[] = []
    for (const run of runs(raw)) {
      if (run.cjk) tokens.push(...bigrams(run.text))
      else for (const word of run.text.split(/[^\p{L}\p{N}]+/u)) if (word) tokens.push(word)
    }
    if (tokens.length === 0) continue
    terms.push({ text: raw, phrase })
    const quoted = tokens.map((t) => `"${t.replace(/"/g, '""')}"`)
    // A phrase, or a CJK word, must match as a sequence; separate Latin words need not.
    parts.push(phrase || hasCjk(raw) ? quoted.join(' + ') : quoted.join(' '))
  }
  if (parts.length === 0) return null
  return { match: parts.join(' AND '), terms }
}
