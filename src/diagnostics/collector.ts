import type { Diagnostic, Severity } from '../model/diagnostic.js'
import { RULES, type RuleId } from './rules.js'

export interface Place {
  line: number
  column: number
}

/** Maps character offsets in a text to 1-based line and column. */
export class LineIndex {
  readonly #starts: number[]

  constructor(text: string) {
    const starts = [0]
    let at = text.indexOf('\n')
    while (at !== -1) {
      starts.push(at + 1)
      at = text.indexOf('\n', at + 1)
    }
    this.#starts = starts
  }

  place(offset: number): Place {
    const starts = this.#starts
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 }
  }
}

/**
 * Collects diagnostics for one file. Places are given as offsets into the
 * text the reader works on (translated through `index`) or as explicit places.
 */
export class DiagnosticBag {
  readonly list: Diagnostic[] = []
  readonly #file: string | null
  readonly #source: string | null
  #index: LineIndex | null = null
  #text: string | null = null

  constructor(file: string | null, source: string | null) {
    this.#file = file
    this.#source = source
  }

  /** Offsets passed to `report` from now on refer to `text`. */
  useText(text: string): void {
    this.#text = text
    this.#index = null
  }

  report(rule: RuleId, message: string, at: number | Place = { line: 1, column: 1 }, severity?: Severity): void {
    let place: Place
    if (typeof at === 'number') {
      if (this.#text === null) place = { line: 1, column: 1 }
      else {
        this.#index ??= new LineIndex(this.#text)
        place = this.#index.place(at)
      }
    } else place = at
    this.list.push({
      severity: severity ?? RULES[rule].severity,
      rule,
      message,
      file: this.#file,
      line: place.line,
      column: place.column,
      source: this.#source,
    })
  }

  has(rule: RuleId): boolean {
    return this.list.some((d) => d.rule === rule)
  }
}

/** `file:line:column: severity rule message`, the one printed form. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file ?? '<input>'}:${d.line}:${d.column}: ${d.severity} ${d.rule} ${d.message}`
}
