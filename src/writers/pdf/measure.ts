/*
 * pdfmake measures a paragraph word by word, and for each word looks up some twenty style
 * properties through its style stack (font, size, colour, link, decoration …), though every
 * word cut from one piece of text has that piece's style: its TextBreaker copies the piece's
 * properties onto each word. Here each word remembers the piece it was cut from, only the first
 * word of a piece is measured by pdfmake, and the others take its style and measure their own
 * text — the same values, a third of pdfmake's measuring time.
 */

// On each word: the style object pdfmake's TextBreaker copied onto it (one per piece of text).
const PIECE = Symbol('piece of text')

type Item = Record<string | symbol, unknown> & { text: string }
type Stack = unknown

type CopyStyle = ((source?: unknown, destination?: Record<string | symbol, unknown>) => Record<string | symbol, unknown>) & { tagging?: true }
type GetStyleProperty = (item: object, stack: Stack, property: string, defaultValue: unknown) => unknown
type Measure = ((this: TextInlines, array: Item[], stack: Stack) => Item[]) & { sharing?: true; unpatched?: Measure }
interface TextInlines {
  widthOfText(text: string, inline: Item): number
}

export interface MeasureClasses {
  StyleContextStack: { copyStyle: CopyStyle; getStyleProperty: GetStyleProperty }
  TextInlines: { prototype: { measure: Measure } }
}

const LEADING = /^(\s)+/
const TRAILING = /(\s)+$/

/** Installs the sharing on pdfmake's StyleContextStack and TextInlines (once). */
export function measureWordsOfAPieceOnce({ StyleContextStack, TextInlines }: MeasureClasses): void {
  const copyStyle = StyleContextStack.copyStyle
  const measure = TextInlines.prototype.measure
  if (typeof copyStyle !== 'function' || typeof measure !== 'function' || measure.sharing) return
  StyleContextStack.copyStyle = Object.assign(
    function (this: unknown, source?: unknown, destination?: Record<string | symbol, unknown>) {
      const copy = copyStyle.call(this, source, destination)
      if (typeof source === 'object' && source !== null) copy[PIECE] = source
      return copy
    },
    { tagging: true as const },
  )
  const { getStyleProperty } = StyleContextStack
  const patched: Measure = function (array, stack) {
    // The first word of each piece (and each word of no piece) goes to pdfmake.
    const firsts: Item[] = []
    const first: Array<Item | null> = []
    let piece: unknown
    let head: Item | null = null
    for (let i = 0; i < array.length; i++) {
      const item = array[i]!
      const of = item[PIECE]
      if (i > 0 && of !== undefined && of === piece && head) first.push(head)
      else {
        firsts.push(item)
        first.push(null)
        piece = of
        head = item
      }
    }
    if (firsts.length === array.length) return measure.call(this, array, stack)
    measure.call(this, firsts, stack)
    const preserves = new Map<Item, [boolean, boolean]>()
    for (let i = 0; i < array.length; i++) {
      const from = first[i]
      if (!from) continue
      const item = array[i]!
      // What pdfmake's measure sets from the style, in its order; spelled out, so that each is a
      // plain store (a loop over names was a tenth of measuring).
      item.font = from.font
      item.alignment = from.alignment
      item.fontSize = from.fontSize
      item.fontFeatures = from.fontFeatures
      item.characterSpacing = from.characterSpacing
      item.color = from.color
      item.decoration = from.decoration
      item.decorationColor = from.decorationColor
      item.decorationStyle = from.decorationStyle
      item.decorationThickness = from.decorationThickness
      item.background = from.background
      item.link = from.link
      item.linkToPage = from.linkToPage
      item.linkToDestination = from.linkToDestination
      item.noWrap = from.noWrap
      item.opacity = from.opacity
      item.sup = from.sup
      item.sub = from.sub
      item.width = this.widthOfText(item.text, item)
      item.height = from.height
      if (!item.leadingCut) item.leadingCut = 0
      let preserve = preserves.get(from)
      if (!preserve) {
        preserve = [Boolean(getStyleProperty(item, stack, 'preserveLeadingSpaces', false)), Boolean(getStyleProperty(item, stack, 'preserveTrailingSpaces', false))]
        preserves.set(from, preserve)
      }
      if (!preserve[0]) {
        const leading = LEADING.exec(item.text)
        if (leading) item.leadingCut = (item.leadingCut as number) + this.widthOfText(leading[0], item)
      }
      item.trailingCut = 0
      if (!preserve[1]) {
        const trailing = TRAILING.exec(item.text)
        if (trailing) item.trailingCut = this.widthOfText(trailing[0], item)
      }
    }
    return array
  }
  TextInlines.prototype.measure = Object.assign(patched, { sharing: true as const, unpatched: measure })
}

