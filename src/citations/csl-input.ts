import type { CslDate, CslItem, CslName } from './csl.js'
import { cslName } from './names.js'

const NAME_VARIABLES = new Set([
  'author', 'chair', 'collection-editor', 'compiler', 'composer', 'container-author', 'contributor', 'curator',
  'director', 'editor', 'editorial-director', 'executive-producer', 'guest', 'host', 'illustrator', 'interviewer',
  'narrator', 'organizer', 'original-author', 'performer', 'producer', 'recipient', 'reviewed-author',
  'script-writer', 'series-creator', 'translator',
])
const DATE_VARIABLES = new Set(['accessed', 'available-date', 'event-date', 'issued', 'original-date', 'submitted'])
const TYPES = new Set([
  'article', 'article-journal', 'article-magazine', 'article-newspaper', 'bill', 'book', 'broadcast', 'chapter',
  'classic', 'collection', 'dataset', 'document', 'entry', 'entry-dictionary', 'entry-encyclopedia', 'event',
  'figure', 'graphic', 'hearing', 'interview', 'legal_case', 'legislation', 'manuscript', 'map', 'motion_picture',
  'musical_score', 'pamphlet', 'paper-conference', 'patent', 'performance', 'periodical', 'personal_communication',
  'post', 'post-weblog', 'regulation', 'report', 'review', 'review-book', 'software', 'song', 'speech', 'standard',
  'thesis', 'treaty', 'webpage',
])
const NAME_PARTS = ['family', 'given', 'literal', 'suffix', 'non-dropping-particle', 'dropping-particle'] as const
// BibLaTeX `langid` values and the like, as the BCP 47 tags citeproc-js reads (it title-cases
// English titles only and treats Japanese and Chinese names as non-Western).
const LANGUAGES = new Map([
  ['english', 'en'], ['american', 'en-US'], ['british', 'en-GB'], ['usenglish', 'en-US'], ['ukenglish', 'en-GB'],
  ['korean', 'ko'], ['japanese', 'ja'], ['chinese', 'zh'], ['german', 'de'], ['ngerman', 'de'], ['french', 'fr'],
  ['spanish', 'es'], ['italian', 'it'], ['russian', 'ru'], ['portuguese', 'pt'], ['dutch', 'nl'],
])

// citation-js leaves BibLaTeX's type keys in `genre` (`@techreport` gives `techreport`).
const GENRES = new Map([
  ['techreport', 'Technical report'], ['resreport', 'Research report'], ['mathesis', 'Master’s thesis'],
  ['phdthesis', 'PhD thesis'], ['bathesis', 'Bachelor’s thesis'],
])

export interface Normalized {
  item: CslItem | null
  /** What could not be used, each as a sentence fragment ("`issued` is not a date"). */
  problems: string[]
}

/** `{\'\i}` gives a dotless i and a combining accent, which Unicode does not compose into í. */
function composed(text: string): string {
  return text.replace(/ı(?=[\u0300-\u036f])/g, 'i').replace(/ȷ(?=[\u0300-\u036f])/g, 'j').normalize('NFC')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function names(value: unknown, bibtex: boolean): CslName[] {
  const list = Array.isArray(value) ? value : [value]
  const out: CslName[] = []
  for (const entry of list) {
    if (typeof entry === 'string') {
      const name = cslName(entry)
      if (name) out.push(name)
      continue
    }
    if (!isRecord(entry)) continue
    const name: CslName = {}
    for (const part of NAME_PARTS) {
      const v = entry[part]
      if (typeof v === 'string' && v.trim()) name[part] = bibtex ? composed(v.trim()) : v.trim()
    }
    if (entry['static-ordering'] === true) name['static-ordering'] = true
    if (entry['comma-suffix'] === true) name['comma-suffix'] = true
    // BibTeX's "and others" is not a person; the style's et al. rules do that job.
    if (name.family === 'others' && !name.given) continue
    // `{Sejong Institute}` in BibTeX arrives as a family name alone: an organization.
    if (bibtex && name.family && !name.given && !name.literal && /\s/.test(name.family) && Object.keys(name).length === 1) {
      out.push({ literal: name.family })
      continue
    }
    if (name.family || name.literal || name.given) out.push(name)
  }
  return out
}

function datePart(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,4}$/.test(value.trim()) ? Number(value) : NaN
  return Number.isInteger(n) ? n : null
}

function dateParts(value: unknown): number[][] | null {
  if (!Array.isArray(value)) return null
  const out: number[][] = []
  for (const part of value.slice(0, 2)) {
    if (!Array.isArray(part)) return null
    const nums = part.slice(0, 3).map(datePart)
    if (nums.length === 0 || nums.some((n) => n === null)) return null
    out.push(nums as number[])
  }
  return out.length ? out : null
}

/** `2023`, `2023-05`, `2023-05-02`, `2023/2024`; anything else goes to citeproc-js as `raw`. */
function parseDateString(text: string): CslDate | null {
  const trimmed = text.trim()
  if (!trimmed) return null
  const one = (s: string): number[] | null => {
    const m = /^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s.trim())
    return m ? [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number) : null
  }
  const parts = trimmed.split('/').map(one)
  if (parts.length <= 2 && parts.every((p) => p !== null)) return { 'date-parts': parts as number[][] }
  return { raw: trimmed }
}

function date(value: unknown): CslDate | null {
  if (typeof value === 'number') return Number.isInteger(value) ? { 'date-parts': [[value]] } : null
  if (typeof value === 'string') return parseDateString(value)
  // pandoc's older CSL-YAML: `issued: [{year: 2023, month: 5}]`
  if (Array.isArray(value) && value.every(isRecord)) {
    const parts = value.slice(0, 2).map((p) => [p['year'], p['month'], p['day']].filter((v) => v !== undefined).map(datePart))
    return parts.length && parts.every((p) => p.length && p.every((n) => n !== null)) ? { 'date-parts': parts as number[][] } : null
  }
  if (!isRecord(value)) return null
  const out: CslDate = {}
  const parts = dateParts(value['date-parts'])
  if (parts) out['date-parts'] = parts
  for (const key of ['literal', 'raw'] as const) {
    const v = value[key]
    if (typeof v === 'string' && v.trim()) out[key] = v.trim()
  }
  if (value['circa'] === true || value['circa'] === 1) out.circa = true
  const season = value['season']
  if (typeof season === 'number' || typeof season === 'string') out.season = season
  return out['date-parts'] || out.literal || out.raw ? out : null
}

/**
 * One entry of a CSL-JSON or CSL-YAML file (or citation-js's reading of a BibTeX entry) as a
 * CslItem citeproc-js can take without failing: names, dates and plain values only.
 */
export function normalizeItem(raw: unknown, from: 'csl' | 'bibtex' = 'csl'): Normalized {
  if (!isRecord(raw)) return { item: null, problems: ['is not an object with CSL fields'] }
  const idValue = raw['id']
  const id = typeof idValue === 'string' ? idValue.trim() : typeof idValue === 'number' && Number.isFinite(idValue) ? String(idValue) : ''
  if (!id) return { item: null, problems: ['has no `id`'] }
  const problems: string[] = []
  let type = typeof raw['type'] === 'string' ? raw['type'].trim() : ''
  if (type && !TYPES.has(type)) {
    problems.push(`has the unknown type \`${type}\`; it is read as \`document\``)
    type = 'document'
  }
  const item: CslItem = { id, type: type || 'document' }
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'id' || key === 'type' || key === '__proto__' || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(key)) continue
    if (NAME_VARIABLES.has(key)) {
      const list = names(value, from === 'bibtex')
      if (list.length) item[key] = list
      else problems.push(`\`${key}\` holds no names; it is left out`)
    } else if (DATE_VARIABLES.has(key)) {
      const d = date(value)
      if (d) item[key] = d
      else problems.push(`\`${key}\` is not a date; it is left out`)
    } else if (typeof value === 'string') {
      const trimmed = value.trim()
      if (!trimmed) continue
      if (key === 'language') item[key] = LANGUAGES.get(trimmed.toLowerCase()) ?? trimmed
      else if (key === 'genre' && from === 'bibtex') item[key] = GENRES.get(trimmed) ?? trimmed
      else item[key] = from === 'bibtex' ? composed(value) : value
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      item[key] = value
    }
  }
  return { item, problems }
}
