import type { Person } from '../model/source.js'

const PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'der', 'di', 'du', 'la', 'le', 'bin', 'al'])

function isAllCaps(token: string): boolean {
  return token.length > 1 && /^\p{Lu}[\p{Lu}-]*$/u.test(token)
}

/**
 * The family name of a romanized or native-script personal name.
 * Korean, Chinese and Japanese names written family-first ("Yoon Young-kwan",
 * "JIN Chang Soo", "習近平") are recognized by their shape, not split the Western way.
 */
export function familyName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) return ''
  if (/^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+$/u.test(trimmed.replace(/\s/g, ''))) {
    // Native-script CJK names: family name first (one syllable, or the first word when spaced).
    const words = trimmed.split(/\s+/)
    return words.length > 1 ? (words[0] ?? '') : trimmed.slice(0, 1)
  }
  if (trimmed.includes(',')) return trimmed.split(',')[0]!.trim()
  const tokens = trimmed.split(/\s+/)
  if (tokens.length === 1) return trimmed
  const caps = tokens.filter(isAllCaps)
  if (caps.length === 1 && tokens.some((t) => !isAllCaps(t))) return caps[0]!
  const first = tokens[0]!
  const last = tokens[tokens.length - 1]!
  // "Myong-hyun", "Young-kwan": a hyphenated given name with a lowercase second part comes last.
  if (tokens.length === 2 && /^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test(last) && !first.includes('-')) return first
  let i = tokens.length - 1
  while (i > 0 && PARTICLES.has(tokens[i - 1]!.toLowerCase())) i -= 1
  return tokens.slice(i).join(' ')
}

function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[\s,]+/)
    .filter(Boolean)
}

/**
 * The forms a name can take once spacing, case and order are set aside:
 * family name first or last. "JIN Chang Soo" (capitals mark the family name)
 * gives `jinchangsoo`; "Changsoo Jin" gives `changsoojin` and `jinchangsoo`.
 * Two names are one person when their forms meet.
 */
export function nameKeys(name: string): string[] {
  const raw = nameTokens(name)
  const tokens = raw.map((t) => t.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean)
  if (tokens.length <= 1) return tokens
  const caps = raw.findIndex(isAllCaps)
  if (caps !== -1 && raw.some((t) => !isAllCaps(t))) {
    const family = tokens[caps]!
    return [family + tokens.filter((_, i) => i !== caps).join('')]
  }
  const first = tokens.join('')
  const last = tokens[tokens.length - 1]! + tokens.slice(0, -1).join('')
  return first === last ? [first] : [first, last]
}

/** One key per person: the smallest of its forms (for indexes; use `nameKeys` to compare). */
export function nameKey(name: string): string {
  return [...nameKeys(name)].sort()[0] ?? ''
}

function displayScore(person: Person): number {
  let score = 0
  if (person.email) score += 4
  if (person.affiliation || person.role) score += 2
  if (!person.name.split(/\s+/).some(isAllCaps)) score += 1
  return score
}

/**
 * Merges entries that name the same person, keeping every detail any entry
 * gives. The name shown is the one from the fullest entry (an author block
 * with e-mail beats a "Writer JIN Chang Soo" line).
 */
export function mergeAuthors(people: Person[]): Person[] {
  const merged: Array<{ keys: Set<string>; person: Person }> = []
  for (const person of people) {
    const keys = nameKeys(person.name)
    if (keys.length === 0) continue
    const seen = merged.find((m) => keys.some((k) => m.keys.has(k)))
    if (!seen) {
      merged.push({ keys: new Set(keys), person: { ...person } })
      continue
    }
    for (const k of keys) seen.keys.add(k)
    const old = seen.person
    seen.person = {
      name: displayScore(person) > displayScore(old) ? person.name : old.name,
      email: old.email ?? person.email,
      affiliation: old.affiliation ?? person.affiliation,
      role: old.role ?? person.role,
    }
  }
  return merged.map((m) => m.person)
}

export function person(name: string, details: Partial<Omit<Person, 'name'>> = {}): Person {
  return { name, email: details.email ?? null, affiliation: details.affiliation ?? null, role: details.role ?? null }
}
