// Blocks the Markdown parser (micromark) would take too long on, for every module that
// hands Markdown to it: the Markdown reader and the brief parser.

/**
 * Inline delimiters one block may hold before the block is kept out of the
 * Markdown parser. Its emphasis, link and code-span matching is quadratic in
 * the delimiters of a block: thousands of `*`, `[` or backticks in one
 * paragraph would take minutes. Real prose stays far below this.
 */
export const MAX_BLOCK_DELIMITERS = 1000
/** Block quotes nested deeper than this on one line are not handed to the parser either. */
const MAX_QUOTE_DEPTH = 64
/** Nor lines indented further than this: lists nested dozens deep make the parser superlinear. */
const MAX_INDENT = 128
/** Nor table rows with more cells than this. */
const MAX_TABLE_CELLS = 256
/** Nor blocks of more lines than this without a blank line (lazy continuation lines are quadratic). */
const MAX_BLOCK_LINES = 2000
export const INLINE_DELIMITER = /[*_[\]`~<]/g

/**
 * Why a block (its lines, and the same joined) is too costly to parse, or null. Block-quote
 * markers past four deep count as delimiters too: each opens a container to match.
 */
export function costlyBlock(lines: string[], joined: string): string | null {
  let deepest = 0
  let widest = 0
  let cells = 0
  let extra = 0
  for (const line of lines) {
    if (line.length > MAX_TABLE_CELLS) cells = Math.max(cells, line.split('|').length - 1)
    const prefix = /^[> \t]*/.exec(line)![0]
    let depth = 0
    let indent = 0
    for (const ch of prefix) {
      if (ch === '>') depth++
      else indent += ch === '\t' ? 4 : 1
    }
    deepest = Math.max(deepest, depth)
    widest = Math.max(widest, indent)
    if (depth > 4) extra += depth - 4
  }
  if (deepest > MAX_QUOTE_DEPTH) return `block quotes nested ${deepest} deep`
  if (widest > MAX_INDENT) return `lines indented ${widest} columns (lists nested too deep)`
  if (cells > MAX_TABLE_CELLS) return `a table row of ${cells} cells`
  if (lines.length > MAX_BLOCK_LINES) return `${lines.length} lines without a blank line`
  const delimiters = (joined.match(INLINE_DELIMITER)?.length ?? 0) + extra
  if (delimiters > MAX_BLOCK_DELIMITERS) return `${delimiters} Markdown delimiters`
  return null
}
