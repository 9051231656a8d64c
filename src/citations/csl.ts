import type { SourceKind, SourceMeta } from '../model/source.js'
import { cslName } from './names.js'

/** One name as CSL-JSON writes it: a person split into parts, or a `literal` (organizations). */
export interface CslName {
  family?: string
  given?: string
  literal?: string
  suffix?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
  'comma-suffix'?: boolean
  /** Print as written, family name first, never inverted (romanized Korean, Chinese, Japanese names). */
  'static-ordering'?: boolean
}

export interface CslDate {
  /** `[[year, month?, day?]]`, two parts for a range. */
  'date-parts'?: number[][]
  literal?: string
  raw?: string
  circa?: boolean
  season?: number | string
}

export type CslValue = string | number | CslName[] | CslDate

/**
 * An item as citeproc-js reads it (CSL-JSON). The variables briefkit writes are listed; items
 * from bibliography files may carry any other CSL variable.
 */
export interface CslItem {
  id: string
  type: string
  title?: string
  'title-short'?: string
  author?: CslName[]
  editor?: CslName[]
  issued?: CslDate
  accessed?: CslDate
  publisher?: string
  'publisher-place'?: string
  'container-title'?: string
  'collection-title'?: string
  'collection-number'?: string
  number?: string
  genre?: string
  URL?: string
  DOI?: string
  language?: string
  note?: string
  [variable: string]: CslValue | undefined
}

const TYPES: Record<SourceKind, string> = {
  brief: 'report',
  report: 'report',
  news: 'article-newspaper',
  'op-ed': 'article-newspaper',
  post: 'post-weblog',
  webpage: 'webpage',
  document: 'webpage',
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` → CSL date parts; anything else is left out. */
function isoDate(date: string | null): CslDate | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date?.trim() ?? '')
  if (!m) return undefined
  const parts = [Number(m[1])]
  if (m[2] && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    parts.push(Number(m[2]))
    if (m[3] && Number(m[3]) >= 1 && Number(m[3]) <= 31) parts.push(Number(m[3]))
  }
  return { 'date-parts': [parts] }
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

/** A source's metadata as the CSL item its citations and bibliography entry are made from. */
export function sourceToCsl(id: string, meta: SourceMeta): CslItem {
  const item: CslItem = { id, type: TYPES[meta.kind] ?? 'webpage' }
  const set = (key: string, value: CslValue | undefined): void => {
    if (value !== undefined) item[key] = value
  }
  set('title', text(meta.title))
  const authors = meta.authors.map((p) => cslName(p.name)).filter((n): n is CslName => n !== null)
  if (authors.length > 0) item.author = authors
  set('issued', isoDate(meta.date))
  set('URL', text(meta.url))
  set('language', text(meta.language))

  const publisher = text(meta.publisher)
  const original = text(meta.originalPublisher)
  // A reprint is cited where it first appeared; the site that carries it is named in a note.
  const reprintedBy = original && publisher && original !== publisher ? publisher : undefined
  switch (item.type) {
    case 'report': {
      set('publisher', original ?? publisher)
      const series = text(meta.series)
      set('collection-title', series)
      // Chicago prints a report's number only as the series' number ("Sejong Policy Brief
      // 2023-07"); APA prints either. Without a series it stays `number` ("No. 12").
      set(series ? 'collection-number' : 'number', text(meta.number))
      break
    }
    case 'article-newspaper':
    case 'post-weblog':
    case 'webpage':
      set('container-title', original ?? publisher)
      break
  }
  // Lower case: Chicago prints it mid-note as given, and both styles capitalize it where needed.
  if (meta.kind === 'op-ed') item.genre = 'opinion'
  if (reprintedBy) item.note = `Republished by ${reprintedBy}`
  return item
}
