import type { Severity } from '../model/diagnostic.js'

/**
 * Every rule id a reader can report, with its severity. One table, so that
 * `--strict`, documentation and tests agree on what each id means.
 */
export const RULES = {
  'empty-input': { severity: 'warning', summary: 'the file is empty or holds only whitespace' },
  'binary-input': { severity: 'error', summary: 'the file is binary, not text' },
  'invalid-encoding': { severity: 'warning', summary: 'bytes that are not valid in the detected encoding were replaced' },
  'encoding-mismatch': { severity: 'info', summary: 'the charset a server sent does not fit the bytes; the content decided' },
  'encoding-guessed': { severity: 'info', summary: 'no BOM or declared charset; the encoding was detected from the bytes' },
  'truncated-input': { severity: 'warning', summary: 'the input ends in the middle of a value' },
  'malformed-json': { severity: 'warning', summary: 'the JSON is not well formed; fields were recovered by a tolerant scanner' },
  'unsupported-json': { severity: 'error', summary: 'the JSON is not a WordPress post' },
  'deep-nesting': { severity: 'warning', summary: 'the markup nests deeper than the reader follows' },
  'missing-title': { severity: 'warning', summary: 'no title was found' },
  'missing-date': { severity: 'warning', summary: 'no publication date was found' },
  'date-conflict': { severity: 'warning', summary: 'the source gives different dates; the strongest evidence was used' },
  'invalid-date': { severity: 'warning', summary: 'a date could not be understood' },
  'no-claims': { severity: 'warning', summary: 'no claims were found' },
  'boilerplate-removed': { severity: 'info', summary: 'lines that are not content were left out' },
  'frontmatter-invalid': { severity: 'warning', summary: 'the YAML frontmatter could not be read' },
  'unsupported-format': { severity: 'error', summary: 'no reader understands this file' },
  'huge-input': { severity: 'info', summary: 'the input is large; reading may take a while' },
  'long-line': { severity: 'info', summary: 'a line is longer than readers expect' },
} as const satisfies Record<string, { severity: Severity; summary: string }>

export type RuleId = keyof typeof RULES
