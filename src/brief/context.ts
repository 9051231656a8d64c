import type { DiagnosticBag, LineIndex } from '../diagnostics/collector.js'
import type { RuleId } from '../diagnostics/rules.js'
import type { BriefPoint } from '../model/brief.js'
import type { Severity } from '../model/diagnostic.js'

/** What the tree transforms of one brief share: the whole file, its line index and its diagnostics. */
export interface BriefContext {
  /** The brief's text exactly as given: mdast offsets point into it. */
  text: string
  lines: LineIndex
  bag: DiagnosticBag
  /** Diagnostics of one rule reported so far, for `reportCapped`. */
  counts: Map<RuleId, number>
}

/** A file offset as a point (1-based line and column). */
export function pointAt(context: BriefContext, offset: number): BriefPoint {
  const { line, column } = context.lines.place(offset)
  return { line, column, offset }
}

// A hostile brief (a million `[@]`) must not make a million diagnostics: past this many
// of one rule, the rest are counted and reported once, by `reportOverflow`.
const MAX_PER_RULE = 200

export function reportCapped(context: BriefContext, rule: RuleId, message: string, offset: number, severity?: Severity): void {
  const count = (context.counts.get(rule) ?? 0) + 1
  context.counts.set(rule, count)
  if (count <= MAX_PER_RULE) context.bag.report(rule, message, context.lines.place(offset), severity)
}

/** One closing diagnostic per rule that went over the cap. */
export function reportOverflow(context: BriefContext): void {
  for (const [rule, count] of context.counts) {
    if (count > MAX_PER_RULE) context.bag.report(rule, `${count - MAX_PER_RULE} more \`${rule}\` problems were not listed`, { line: 1, column: 1 })
  }
}
