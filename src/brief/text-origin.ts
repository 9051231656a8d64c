import type { Text } from 'mdast'

/**
 * Where each character of a text node's value was written in the file. The value is
 * usually the source itself; it differs where the source has escapes (`\[`), character
 * references (`&amp;`), block quote markers or indentation on continuation lines, or
 * trailing spaces before a line break.
 */
export interface TextOrigin {
  /** File offset of the first source character of value[i] (`i === value.length`: the node's end). */
  start(i: number): number
  /** File offset just after the source of value[i]. */
  end(i: number): number
  /** value[i] was written escaped or as a character reference, so it is not syntax. */
  literal(i: number): boolean
}

const CHARACTER_REFERENCE = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/

/** The origin of `node`'s characters in `file`, or null when the node has no position. */
export function textOrigin(node: Text, file: string): TextOrigin | null {
  const from = node.position?.start.offset
  const to = node.position?.end.offset
  if (from === undefined || to === undefined) return null
  const value = node.value
  const source = file.slice(from, to)
  if (source === value) {
    return { start: (i) => from + Math.min(i, value.length), end: (i) => from + Math.min(i + 1, value.length), literal: () => false }
  }
  const starts = new Int32Array(value.length + 1)
  const ends = new Int32Array(value.length + 1)
  const literal = new Uint8Array(value.length + 1)
  // Greedy alignment: take matching characters, skip source-only ones. A character the
  // source does not show at all (an unknown reference) makes it skip to the end, which
  // misplaces the rest of this node but never places anything outside it.
  let i = 0
  let j = 0
  while (i < value.length && j < source.length) {
    const c = value[i]
    if (source[j] === c) {
      starts[i] = j
      ends[i] = j + 1
      i++
      j++
    } else if (source[j] === '\\' && source[j + 1] === c) {
      starts[i] = j
      ends[i] = j + 2
      literal[i] = 1
      i++
      j += 2
    } else if (source[j] === '&' && CHARACTER_REFERENCE.test(source.slice(j, j + 40))) {
      const length = CHARACTER_REFERENCE.exec(source.slice(j, j + 40))![0].length
      // A reference may decode to a surrogate pair: both halves come from it.
      const width = c !== undefined && c >= '\ud800' && c <= '\udbff' ? 2 : 1
      for (let k = 0; k < width && i < value.length; k++, i++) {
        starts[i] = j
        ends[i] = j + length
        literal[i] = 1
      }
      j += length
    } else j++
  }
  for (; i <= value.length; i++) {
    starts[i] = source.length
    ends[i] = source.length
  }
  const at = (table: Int32Array, k: number): number => from + (table[Math.max(0, Math.min(k, value.length))] ?? source.length)
  return { start: (k) => at(starts, k), end: (k) => at(ends, k), literal: (k) => literal[k] === 1 }
}
