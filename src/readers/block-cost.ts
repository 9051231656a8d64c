// Blocks the Markdown parser (micromark) would take too long on, for every module that
// hands Markdown to it: the Markdown reader and the brief parser.

/**
 * Inline delimiters one block may hold before the block is kept out of the
 * Markdown parser. Its emphasis, link and code-span matching is quadratic in
 * the delimiters of a block: thousands of `*`, `[` or backticks in one
 * paragraph would take minutes. Real prose stays far below this.
 */
export const MAX_BLOCK_DELIMITERS = 1000
/**
 * Containers opened on one line (block quotes `>`, list items `-`, `*`, `+`, `1.`) past this
 * many are not handed to the parser either: it matches each against every one before it,
 * so `- - - … x` 8,000 deep took 17 s.
 */
const MAX_QUOTE_DEPTH = 64
// The containers a line opens before its text: `>` and list markers, each followed by a space.
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*/
/** Nor lines indented further than this: lists nested dozens deep make the parser superlinear. */
const MAX_INDENT = 128
/** Nor table rows with more cells than this. */
const MAX_TABLE_CELLS = 256
/** Nor blocks of more lines than this without a blank line (lazy continuation lines are quadratic). */
const MAX_BLOCK_LINES = 2000
export const INLINE_DELIMITER = /[*_[\]`~<]/g

/** How many containers (block quotes, list items) a line opens before its text. */
function containerDepth(line: string): number {
  // Each container of the prefix has one of these characters: `>`, a bullet, or the `.` or `)` after a number.
  return CONTAINER_PREFIX.exec(line)![0].match(/[>*+.)-]/g)?.length ?? 0
}

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
    const depth = containerDepth(line)
    let indent = 0
    for (const ch of prefix) if (ch !== '>') indent += ch === '\t' ? 4 : 1
    deepest = Math.max(deepest, depth)
    widest = Math.max(widest, indent)
    if (depth > 4) extra += depth - 4
  }
  if (deepest > MAX_QUOTE_DEPTH) return `block quotes or lists nested ${deepest} deep on one line`
  if (widest > MAX_INDENT) return `lines indented ${widest} columns (lists nested too deep)`
  if (cells > MAX_TABLE_CELLS) return `a table row of ${cells} cells`
  if (lines.length > MAX_BLOCK_LINES) return `${lines.length} lines without a blank line`
  const delimiters = (joined.match(INLINE_DELIMITER)?.length ?? 0) + extra
  if (delimiters > MAX_BLOCK_DELIMITERS) return `${delimiters} Markdown delimiters`
  return null
}

/**
 * Containers (block quotes and list items, as lines open them) one parse may hold.
 * micromark copies every event of the document so far each time a container ends, so a
 * text of N of them costs N times its length: 4,000 lists between paragraphs (60 KB) took
 * 6 s, 20,000 nested list items (140 KB) 100 s, 20 tight lists of 999 `- - x` (120 KB) 94 s.
 * A text with more is parsed in parts, cut between blocks, that hold about this many each;
 * past that the cost is micromark's own, linear. 500 keeps every ordinary brief whole (a
 * 100-page brief has a few hundred list items; parsing a 400 KB brief with 3,000 of them
 * whole took 0.67 s against 0.35 s in parts) while the texts above stay under 1.6 s.
 */
export const MAX_CONTAINER_BLOCKS = 500
// Past this many, a part is cut even where that splits a list in two.
const HARD_MAX_CONTAINER_BLOCKS = 2 * MAX_CONTAINER_BLOCKS
// Blank lines in a row past which a part is cut when it holds containers: micromark checks
// every open container at each blank line (46 deep and 45,000 blank lines: 1.6 s).
const MAX_BLANK_RUN = 100
// A line after a blank line that cannot continue a list or table: not indented, not a list item, not a row.
const NEW_TOP_BLOCK = /^(?![-*+][ \t]|[0-9]{1,9}[.)][ \t]|\|)[^ \t]/

/**
 * Counts the containers of a Markdown text line by line, and says where to cut it into
 * parts for the parser: after a blank line, before a block that starts afresh (or, with
 * twice the containers, before any block after a blank line, even one that splits a list),
 * and inside a long run of blank lines after containers.
 */
export class ContainerBudget {
  #count = 0
  #blanks = 0
  /** How many cuts were made. */
  cuts = 0

  /** Takes a blank line (outside fenced code) and says whether the text should be cut before it. */
  cutAtBlank(): boolean {
    this.#blanks++
    if (this.#blanks < MAX_BLANK_RUN || this.#count === 0) return false
    this.#count = 0
    this.cuts++
    return true
  }

  /**
   * Takes the next line that is not blank and not fenced code (`canCut`: it starts a block
   * after a blank line) and says whether the text should be cut before it.
   */
  cutBefore(line: string, canCut: boolean): boolean {
    this.#blanks = 0
    const cut = canCut && (this.#count >= HARD_MAX_CONTAINER_BLOCKS || (this.#count >= MAX_CONTAINER_BLOCKS && NEW_TOP_BLOCK.test(line)))
    if (cut) {
      this.#count = 0
      this.cuts++
    }
    this.#count += containerDepth(line)
    return cut
  }
}
