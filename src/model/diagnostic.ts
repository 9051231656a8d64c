/** How bad a problem in the content is. Only `error` means the result is unusable. */
export type Severity = 'error' | 'warning' | 'info'

/**
 * One problem found in content, placed in the file it came from.
 * Library code collects these; only the CLI prints them.
 */
export interface Diagnostic {
  severity: Severity
  /** Stable rule id, e.g. `truncated-input`; see `src/diagnostics/rules.ts`. */
  rule: string
  message: string
  /** Path of the file the problem is in, as the user named it. */
  file: string | null
  /** 1-based line and column in that file. */
  line: number
  column: number
  /** Which reader or writer found it, e.g. `wordpress-json`. */
  source: string | null
}
