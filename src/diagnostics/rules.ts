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
  // Binary sources: PDF (src/readers/pdf.ts) and DOCX (src/readers/docx.ts)
  'pdf-unreadable': { severity: 'error', summary: 'the PDF is damaged, encrypted or not a PDF; nothing could be read from it' },
  'pdf-too-many-pages': { severity: 'warning', summary: 'the PDF has more pages than the reader reads; only the first pages were read' },
  'pdf-no-text': { severity: 'warning', summary: 'pages of the PDF hold no text (scanned images); they need OCR first' },
  'docx-unreadable': { severity: 'error', summary: 'the file is not a Word document, or it is damaged' },
  'zip-bomb': { severity: 'error', summary: 'the zip archive would unpack to far more than it holds; it was not opened' },
  // Briefs (src/brief/, src/citations/, `brief check`)
  'brief-frontmatter': { severity: 'error', summary: 'the brief\'s frontmatter is not valid' },
  'invalid-citation': { severity: 'warning', summary: 'a citation is not written the way pandoc reads it' },
  'invalid-claim-ref': { severity: 'error', summary: 'a `:claim` directive is not written as `:claim[ID]` or `:claim[ID]{quote}`' },
  'unknown-claim': { severity: 'error', summary: 'a `:claim[ID]` names no claim in the library' },
  'unknown-source': { severity: 'error', summary: 'a citation names no source in the library or the bibliography' },
  'claim-changed': { severity: 'error', summary: 'a claim the brief used has changed in its source since the last build' },
  'claim-vanished': { severity: 'error', summary: 'a claim the brief used is no longer in its source' },
  'source-incomplete': { severity: 'warning', summary: 'a cited source lacks what the citation style needs (author, date, title)' },
  'duplicate-claim': { severity: 'warning', summary: 'the same claim is used twice' },
  'same-story': { severity: 'warning', summary: 'two cited sources are copies of one story, cited as if independent' },
  'empty-section': { severity: 'warning', summary: 'a section has a heading and nothing under it' },
  'bibliography-file': { severity: 'error', summary: 'a bibliography file could not be read' },
  'bibliography-entry': { severity: 'warning', summary: 'an entry of a bibliography file could not be used' },
  'unknown-style': { severity: 'error', summary: 'the citation style is neither built in nor a readable .csl file' },
  'notes-too-long': { severity: 'warning', summary: 'a note is too long for the foot of a page; the PDF has endnotes' },
  'missing-glyph': { severity: 'warning', summary: 'a character of the brief is in no font of the PDF' },
  'unknown-template': { severity: 'error', summary: 'the template is unknown or its template.yaml is not valid' },
  'unknown-locale': { severity: 'warning', summary: 'no citation locale for the brief\'s language; en-US is used' },
  // The workspace boundary (src/library/boundary.ts)
  'outside-workspace': { severity: 'error', summary: 'a template, image, bibliography file or citation style named by a brief or template leads outside the workspace (`..`, an absolute path, a symbolic link, an address or a Windows path); it is not read' },
  'source-outside-workspace': { severity: 'warning', summary: 'a file or folder in sources/ is a symbolic link leading outside the workspace; it is not read' },
  'symlink-loop': { severity: 'warning', summary: 'a symbolic link in sources/ loops, or leads to a folder it is in; it is not followed' },
  // Size limits (src/readers/source-size.ts): `maxBytes`, --max-source-size, BRIEF_MAX_SOURCE_SIZE
  'source-too-large': { severity: 'error', summary: 'the source file is larger than the size limit (50 MB unless raised); it was not read' },
} as const satisfies Record<string, { severity: Severity; summary: string }>

export type RuleId = keyof typeof RULES
