/** Whitespace that never belongs at either end of a claim, including NBSP, ideographic space and zero-width marks. */
export function isSpace(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f
  )
}

/** Narrows [start, end) to exclude surrounding whitespace; an all-space span comes back empty. */
export function trimSpan(text: string, start: number, end: number): { start: number; end: number } {
  let s = start
  let e = end
  while (s < e && isSpace(text.charCodeAt(s))) s++
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--
  return { start: s, end: e }
}

export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false
  return true
}

/**
 * Builds the plain text of a structured source (Markdown, HTML, WordPress)
 * block by block, so each block's place in the text is known exactly.
 */
export class PlainTextBuilder {
  #parts: string[] = []
  #length = 0

  get length(): number {
    return this.#length
  }

  /** Appends a block, separated from the previous one by a blank line; returns its span. */
  block(content: string): { start: number; end: number } {
    if (this.#length > 0) this.#push('\n\n')
    const start = this.#length
    this.#push(content)
    return { start, end: this.#length }
  }

  #push(s: string): void {
    this.#parts.push(s)
    this.#length += s.length
  }

  toString(): string {
    return this.#parts.join('')
  }
}
