import type { DiagnosticBag } from '../diagnostics/collector.js'

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
}

const MONTH_NAME = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'

/** ISO `YYYY-MM-DD` for a real calendar day, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 2999 || month < 1 || month > 12 || day < 1) return null
  const probe = new Date(Date.UTC(year, month - 1, day))
  if (probe.getUTCMonth() !== month - 1) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

// Bounded quantifiers only: these run on every candidate line of every source.
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string | null]> = [
  [/(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)/, (m) => isoDate(+m[1]!, +m[2]!, +m[3]!)],
  [/(\d{4})\s{0,2}[년年]\s{0,2}(\d{1,2})\s{0,2}[월月]\s{0,2}(\d{1,2})\s{0,2}[일日]/, (m) => isoDate(+m[1]!, +m[2]!, +m[3]!)],
  [
    new RegExp(`\\b${MONTH_NAME}\\.?\\s{0,3}(\\d{1,2})(?:st|nd|rd|th)?,?\\s{0,3}(\\d{4})\\b`, 'i'),
    (m) => isoDate(+m[3]!, MONTHS[m[1]!.toLowerCase()] ?? 0, +m[2]!),
  ],
  [
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s{1,3}${MONTH_NAME}\\.?,?\\s{1,3}(\\d{4})\\b`, 'i'),
    (m) => isoDate(+m[3]!, MONTHS[m[2]!.toLowerCase()] ?? 0, +m[1]!),
  ],
]

/** Finds the first date written in `text` in a common form; null when none is there. */
export function parseDate(text: string): string | null {
  const sample = text.length > 400 ? text.slice(0, 400) : text
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(sample)
    if (m) {
      const iso = build(m)
      if (iso) return iso
    }
  }
  return null
}

/** How much a kind of evidence is trusted; higher wins. */
export const DATE_STRENGTH = {
  /** a date in structured metadata: WordPress `date`, JSON-LD datePublished, frontmatter */
  structured: 50,
  /** "Posted …", "Published …", the date line of a brief's header */
  stamp: 40,
  /** an aggregator's item id that encodes the date (MENAFN) */
  aggregatorId: 30,
  /** `<meta>` tags, `<time>` elements */
  metaTag: 25,
  /** "Updated …", `modified` */
  modified: 15,
  /** a page banner: often the day the page was scraped */
  banner: 10,
} as const

export interface DateEvidence {
  date: string
  strength: number
  /** What the evidence is, for the conflict message: "posted stamp", "MENAFN id". */
  label: string
  /** Where it is, as an offset into the reader's text. */
  at?: number
}

/**
 * Picks the strongest date and reports each disagreeing piece of evidence,
 * so the reader can see what was overruled. Never guesses: no evidence, no date.
 */
export function chooseDate(evidence: DateEvidence[], bag: DiagnosticBag): string | null {
  if (evidence.length === 0) return null
  const ranked = [...evidence].sort((a, b) => b.strength - a.strength)
  const best = ranked[0]!
  const reported = new Set<string>()
  for (const other of ranked.slice(1)) {
    if (other.date === best.date || reported.has(other.date)) continue
    reported.add(other.date)
    // A later "updated" date is expected; only contradicting publication dates are a warning.
    bag.report(
      'date-conflict',
      `the ${other.label} says \`${other.date}\` but the ${best.label} says \`${best.date}\`; using \`${best.date}\``,
      other.at ?? 0,
      other.strength === DATE_STRENGTH.modified ? 'info' : 'warning',
    )
  }
  return best.date
}
