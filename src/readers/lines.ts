import { isBlank, trimSpan } from '../outline/spans.js'

/** One line of a text: its span without the newline, and its trimmed content. */
export interface Line {
  index: number
  start: number
  end: number
  /** Where the trimmed content starts. */
  contentStart: number
  /** Trimmed content; empty for a blank line. */
  text: string
  blank: boolean
}

/**
 * The lines of a text. Without `blank`, blank lines are left out (their indexes
 * are skipped), which saves a large text hundreds of thousands of objects.
 */
export function splitLines(text: string, blank = true): Line[] {
  const lines: Line[] = []
  let start = 0
  let index = 0
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    const span = trimSpan(text, start, end)
    const content = text.slice(span.start, span.end)
    const isBlankLine = isBlank(content)
    if (blank || !isBlankLine) lines.push({ index, start, end, contentStart: span.start, text: content, blank: isBlankLine })
    index++
    if (end === text.length) break
    start = end + 1
  }
  return lines
}

/** Ends with sentence punctuation (also inside closing quotes): the line reads as a sentence, not a title. */
export function endsSentence(text: string): boolean {
  return /[.!?。！？…](?:["'”’)\]]{0,3})$/u.test(text)
}

// Lines this long are not hard-wrapped prose: each is its own paragraph.
const WRAP_WIDTH = 150

/**
 * Groups consecutive content lines into paragraph spans: hard-wrapped prose
 * (short lines) joins into one paragraph; long lines are one paragraph each.
 * A blank line, or a gap in line indexes (a line left out), ends a paragraph.
 */
export function paragraphSpans(text: string, lines: Line[]): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = []
  let block: Line[] = []
  const flush = (): void => {
    if (block.length === 0) return
    const wrapped = block.length > 1 && block.every((l) => l.text.length <= WRAP_WIDTH) &&
      block.slice(0, -1).filter((l) => !endsSentence(l.text)).length >= (block.length - 1) / 2
    if (wrapped) out.push(trimSpan(text, block[0]!.start, block[block.length - 1]!.end))
    else for (const l of block) out.push(trimSpan(text, l.start, l.end))
    block = []
  }
  for (const line of lines) {
    const previous = block[block.length - 1]
    if (line.blank || (previous && line.index !== previous.index + 1)) flush()
    if (!line.blank) block.push(line)
  }
  flush()
  return out
}
