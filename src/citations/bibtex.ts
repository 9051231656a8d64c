import { createRequire } from 'node:module'

/** A top-level `@type{…}` of a BibTeX file, found by counting braces. */
export interface BibChunk {
  kind: 'entry' | 'string'
  start: number
  end: number
  key: string
}

export interface BibProblem {
  offset: number
  message: string
}

// Deeper nesting is never real BibTeX, and citation-js parses braces recursively.
const MAX_DEPTH = 64
const NEXT_ENTRY = /\n[ \t]*@[A-Za-z]+[ \t]*[{(]/g

function nextEntryLine(text: string, from: number): number {
  NEXT_ENTRY.lastIndex = from
  const m = NEXT_ENTRY.exec(text)
  return m ? m.index + 1 : text.length
}

/**
 * Where the entry opened at `open` ends. An entry still open when a line starts a new one is
 * broken: BibTeX values rarely start a line with `@type{`, a forgotten brace often does.
 */
function entryEnd(text: string, open: number): { end: number; problem?: string } {
  const paren = text[open] === '('
  let depth = 0
  for (let k = open + 1; k < text.length; k += 1) {
    const c = text.charCodeAt(k)
    if (c === 92 /* \ */) {
      k += 1
    } else if (c === 123 /* { */) {
      depth += 1
      if (depth > MAX_DEPTH) return { end: nextEntryLine(text, k), problem: `braces nested deeper than ${MAX_DEPTH}` }
    } else if (c === 125 /* } */) {
      if (depth === 0) return paren ? { end: nextEntryLine(text, k), problem: 'a `}` closes more than was opened' } : { end: k + 1 }
      depth -= 1
    } else if (c === 41 /* ) */ && paren && depth === 0) {
      return { end: k + 1 }
    } else if (c === 10 /* \n */ && /^[ \t]*@[A-Za-z]+[ \t]*[{(]/.test(text.slice(k + 1, k + 64))) {
      return { end: k + 1, problem: 'the entry is not closed before the next one starts (a missing `}`?)' }
    }
  }
  return { end: text.length, problem: 'the entry is not closed (a missing `}`?)' }
}

/** Splits a BibTeX file into entries and `@string` definitions; comments and text between entries are skipped. */
export function scanBibtex(text: string): { chunks: BibChunk[]; problems: BibProblem[] } {
  const chunks: BibChunk[] = []
  const problems: BibProblem[] = []
  const head = /[ \t\r\n]*([A-Za-z_][\w:+-]{0,40})[ \t\r\n]*/y
  let i = 0
  for (;;) {
    const at = text.indexOf('@', i)
    if (at === -1) break
    head.lastIndex = at + 1
    const m = head.exec(text)
    if (!m?.[1]) {
      i = at + 1
      continue
    }
    const type = m[1].toLowerCase()
    const open = head.lastIndex
    if (text[open] !== '{' && text[open] !== '(') {
      // An @ inside comment text (an e-mail address) is not an entry; one starting a line is.
      let b = at - 1
      while (b >= 0 && (text[b] === ' ' || text[b] === '\t')) b -= 1
      if (type !== 'comment' && (b < 0 || text[b] === '\n' || text[b] === '\r')) {
        problems.push({ offset: at, message: `\`@${m[1]}\` is not followed by \`{\`` })
      }
      i = open
      continue
    }
    const { end, problem } = entryEnd(text, open)
    i = end
    if (type === 'comment' || type === 'preamble') continue
    if (problem) {
      problems.push({ offset: at, message: problem })
      continue
    }
    if (type === 'string') {
      chunks.push({ kind: 'string', start: at, end, key: '' })
      continue
    }
    const key = /[ \t\r\n]*([^,\s{}()"=#%]*)/y
    key.lastIndex = open + 1
    const name = key.exec(text)?.[1] ?? ''
    if (!name) {
      problems.push({ offset: at, message: `the \`@${m[1]}\` entry has no key` })
      continue
    }
    chunks.push({ kind: 'entry', start: at, end, key: name })
  }
  return { chunks, problems }
}

interface CitationJs {
  plugins: { input: { chain(input: string, options: object): unknown } }
  logger: { _log: unknown[] }
}

const require = createRequire(import.meta.url)
let citationJs: CitationJs | undefined

// citation-js and its BibTeX plugin load only when a brief has a .bib bibliography.
function load(): CitationJs {
  if (!citationJs) {
    citationJs = require('@citation-js/core') as CitationJs
    require('@citation-js/plugin-bibtex')
  }
  return citationJs
}

/** citation-js's CSL-JSON for a piece of BibTeX; throws on a syntax error. */
export function parseBibtex(bibtex: string): unknown[] {
  const cjs = load()
  try {
    const out = cjs.plugins.input.chain(bibtex, { forceType: '@biblatex/text', target: '@csl/list+object', generateGraph: false })
    return Array.isArray(out) ? out : []
  } finally {
    // citation-js keeps every warning it has ever logged, even when silent.
    cjs.logger._log.length = 0
  }
}
