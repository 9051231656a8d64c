/*
 * pdfmake draws every word of a line on its own: a colour, a font, a save, a transform, a text
 * object and a restore for each (its Renderer says so in a TODO: "lines without differently
 * styled inlines should be written to pdf as one stream"). Here the words of a line that
 * follow each other in one style are drawn with one text call: the same glyphs at the same
 * places — pdfkit shapes text word by word, each word with its trailing space, whether it gets
 * a word or a run of them — in about a fifth of the content stream.
 */

/** A laid-out word, as pdfmake's Renderer reads it. */
interface Inline {
  text: string
  x: number
  width: number
  height?: number
  font: object
  fontSize: number
  color?: unknown
  [property: string]: unknown
}

interface Line {
  inlines: Inline[]
  _pageNodeRef?: unknown
}

type RenderLine = ((this: unknown, line: Line, x: number, y: number) => void) & { merging?: true; unpatched?: RenderLine }

// What makes a word its own: links and note marks (one annotation each), destinations,
// decorations and backgrounds (drawn per word), page numbers filled in at drawing time,
// raised or lowered text, letter spacing and OpenType features.
const OWN = ['link', 'linkToDestination', 'linkToPage', '_pageNodeRef', 'decoration', 'background', 'sup', 'sub', 'characterSpacing', 'fontFeatures'] as const

function isPlain(inline: Inline): boolean {
  for (const key of OWN) {
    const value = inline[key]
    if (value !== undefined && value !== null && value !== false && value !== 0) return false
  }
  return true
}

/** Whether `next` continues `run` in the same style, right where it ends. */
function continues(run: Inline, last: Inline, next: Inline): boolean {
  return (
    isPlain(next) &&
    // pdfkit shapes up to each space: the run's words stay the words they were.
    last.text.endsWith(' ') &&
    next.font === run.font &&
    next.fontSize === run.fontSize &&
    next.color === run.color &&
    next.opacity === run.opacity &&
    next.lineHeight === run.lineHeight &&
    next.height === run.height &&
    Math.abs(next.x - (run.x + run.width)) < 1e-6
  )
}

/** The line's inlines with each run of plain words in one style joined into one. */
export function mergeRuns(inlines: readonly Inline[]): Inline[] {
  const out: Inline[] = []
  let run: Inline | null = null
  let last: Inline | null = null
  for (const inline of inlines) {
    if (run && last && continues(run, last, inline)) {
      run.text += inline.text
      run.width += inline.width
    } else {
      run = isPlain(inline) ? { ...inline } : null
      out.push(run ?? inline)
    }
    last = inline
  }
  return out
}

/** Installs the joining on pdfmake's Renderer (once). */
export function drawLinesInRuns(Renderer: { prototype: { renderLine?: RenderLine } }): void {
  const original = Renderer.prototype.renderLine
  if (typeof original !== 'function' || original.merging) return
  const patched: RenderLine = function (this: unknown, line, x, y) {
    if (line._pageNodeRef || line.inlines.length < 2) return original.call(this, line, x, y)
    const inlines = mergeRuns(line.inlines)
    if (inlines.length === line.inlines.length) return original.call(this, line, x, y)
    // The line as it is, but for its inlines (its heights come from them: the same).
    return original.call(this, Object.assign(Object.create(line) as Line, { inlines }), x, y)
  }
  Renderer.prototype.renderLine = Object.assign(patched, { merging: true as const, unpatched: original })
}
