import { ContainerBudget, MAX_CONTAINER_BLOCKS, costlyBlock } from '../readers/block-cost.js'
import { type BriefContext } from './context.js'

// An unclosed `:claim[` makes the parser read on to the end of its paragraph: openers
// times block length bounds that work.
const MAX_CLAIM_SCAN = 20_000_000
const CLAIM_OPENER = /:claim[[{]/g
const FENCE = /^ {0,3}(`{3,}|~{3,})/
const FRONTMATTER = /^---[ \t]*\r?\n(?:[\s\S]*?\n)?(?:---|\.\.\.)[ \t]*\r?(?:\n|$)/
/**
 * Past this size the parser's working memory (about 200 bytes per character) could
 * exhaust the heap, so the brief is parsed in parts of about `PART_SIZE`.
 */
const WHOLE_LIMIT = 2 << 20
const PART_SIZE = 1 << 20
// A line that can only start a new top-level block after a blank line: not indented, not
// a list item, quote or table row, which would continue what came before.
const PART_START = /^(?![0-9]{1,9}[.)])[\p{L}\p{N}#]/u

/** A range of the brief: parsed as Markdown, or (too costly to parse) kept as plain text. */
export interface Piece {
  start: number
  end: number
  markdown: boolean
}

function costlyBecause(lines: string[], joined: string): string | null {
  const why = costlyBlock(lines, joined)
  if (why) return why
  const openers = joined.match(CLAIM_OPENER)?.length ?? 0
  if (openers * joined.length > MAX_CLAIM_SCAN) return `${openers} \`:claim\` directives in ${joined.length} characters`
  return null
}

/**
 * Splits a brief into pieces for the parser. Blocks it would take too long on
 * (thousands of delimiters, block quotes nested hundreds deep) become plain-text
 * pieces: their citations are still read, their markup is not. A huge brief is cut
 * into parts at blank lines. Fenced code and the frontmatter are never cut.
 */
export function planPieces(text: string, context: BriefContext): Piece[] {
  const pieces: Piece[] = []
  let pieceStart = 0
  const cut = (at: number, end: number, markdown: boolean): void => {
    if (at > pieceStart) pieces.push({ start: pieceStart, end: at, markdown: true })
    if (!markdown) pieces.push({ start: at, end, markdown: false })
    pieceStart = markdown ? at : end
  }
  const chunked = text.length > WHOLE_LIMIT
  let offset = FRONTMATTER.exec(text)?.[0].length ?? 0
  let block: string[] = []
  let blockStart = offset
  let fence: string | null = null
  let afterBlank = false
  let reported = false
  const containers = new ContainerBudget()
  const flush = (): void => {
    if (block.length === 0) return
    const joined = block.join('\n')
    const problem = costlyBecause(block, joined)
    if (problem) {
      if (!reported) context.bag.report('deep-nesting', `a block holds ${problem}; it was read as plain text without its markup`, context.lines.place(blockStart))
      reported = true
      cut(blockStart, blockStart + joined.length, false)
    }
    block = []
  }
  for (const line of text.slice(offset).split('\n')) {
    if (fence !== null) {
      const close = FENCE.exec(line)
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && line.trim() === close[0].trim()) fence = null
    } else {
      const open = FENCE.exec(line)
      if (open || line.trim() === '') {
        flush()
        if (open) fence = open[1]!
        else if (containers.cutAtBlank()) cut(offset, offset, true)
      } else {
        const enough = containers.cutBefore(line, block.length === 0 && afterBlank)
        if (block.length === 0) {
          const big = chunked && afterBlank && offset - pieceStart > PART_SIZE && PART_START.test(line)
          if (enough || big) cut(offset, offset, true)
          blockStart = offset
        }
        block.push(line)
      }
    }
    afterBlank = fence === null && line.trim() === ''
    offset += line.length + 1
  }
  flush()
  if (pieceStart < text.length) pieces.push({ start: pieceStart, end: text.length, markdown: true })
  if (containers.cuts > 0 && !chunked) {
    context.bag.report(
      'huge-input',
      `the brief holds many block quotes and lists (more than ${MAX_CONTAINER_BLOCKS}); to keep the parser fast it was parsed in ${pieces.filter((p) => p.markdown).length} parts, so link references and footnotes reach only within their part`,
      { line: 1, column: 1 },
    )
  }
  if (chunked) {
    context.bag.report(
      'huge-input',
      `the brief is ${(text.length / (1 << 20)).toFixed(1)} MB; it was parsed in ${pieces.length} parts, so link references and footnotes reach only within their part`,
      { line: 1, column: 1 },
    )
  }
  return pieces
}
