import type { Nodes, Parent, Root, Text } from 'mdast'
import { pointAt, type BriefContext } from './context.js'
import { textOrigin } from './text-origin.js'

/** The text nodes of a node, in order: itself, or a link's text children. */
function textsOf(node: Nodes): Text[] | null {
  if (node.type === 'text') return [node]
  if (node.type === 'link' && node.children.every((child) => child.type === 'text')) return node.children as Text[]
  return null
}

/**
 * GFM's literal autolinks (`https://…`, `www.…`, `jane@example.org`) are made by
 * splitting text nodes after parsing, and the pieces lose their positions. This
 * places them again: the run of unplaced siblings was one text node, which spans
 * from the previous sibling's end to the next one's start.
 */
export function fillMissingPositions(tree: Root, context: BriefContext): void {
  const stack: Parent[] = [tree]
  while (stack.length > 0) {
    const parent = stack.pop()!
    const children = parent.children as Nodes[]
    for (let k = 0; k < children.length; k++) {
      const child = children[k]!
      if (child.position) {
        if ('children' in child) stack.push(child)
        continue
      }
      let end = k
      while (end < children.length && !children[end]!.position) end++
      place(children.slice(k, end), children[k - 1]?.position?.end.offset ?? parent.position?.start.offset, children[end]?.position?.start.offset ?? parent.position?.end.offset, context)
      k = end - 1
    }
  }
}

function place(run: Nodes[], from: number | undefined, to: number | undefined, context: BriefContext): void {
  if (from === undefined || to === undefined) return
  const texts: Text[][] = []
  for (const node of run) {
    const list = textsOf(node)
    if (!list) return
    texts.push(list)
  }
  const whole: Text = { type: 'text', value: texts.flat().map((t) => t.value).join(''), position: { start: pointAt(context, from), end: pointAt(context, to) } }
  const origin = textOrigin(whole, context.text)
  if (!origin) return
  let at = 0
  run.forEach((node, n) => {
    const nodeStart = at
    for (const text of texts[n]!) {
      const start = origin.start(at)
      at += text.value.length
      text.position = { start: pointAt(context, start), end: pointAt(context, text.value.length > 0 ? origin.end(at - 1) : start) }
    }
    if (node.type !== 'text') node.position = { start: pointAt(context, origin.start(nodeStart)), end: pointAt(context, at > nodeStart ? origin.end(at - 1) : origin.start(at)) }
  })
}
