import type { Nodes, Paragraph, Parent, PhrasingContent, RootContent } from 'mdast'
import { OutlineBuilder } from '../outline/builder.js'
import { normalizeClaimText } from '../outline/ids.js'
import { PlainTextBuilder } from '../outline/spans.js'

/**
 * One block of a structured source, as the outline sees it. Markdown, HTML and
 * WordPress readers all reduce their documents to a list of these; the plain
 * text and the outline are then built from the list the same way.
 */
export type OutlineBlock =
  | { kind: 'heading'; text: string; level: number; marker: string | null }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullet'; text: string }

export interface MdastOutlineOptions {
  /** Give headings their Markdown marker (`#`, `##`); HTML headings have none. */
  headingMarkers?: boolean
  /**
   * Treat a short paragraph that is wholly bold or italic, or ALL CAPS, as a
   * heading one level below the current real heading (HTML, WordPress).
   */
  pseudoHeadings?: boolean
  /** A heading that repeats the title is dropped (once): the title is not a section. */
  title?: string | null
  /** Take the first level-1 heading as the title and drop it from the outline (Markdown without a frontmatter title). */
  titleFromFirstHeading?: boolean
}

export interface MdastBlocks {
  blocks: OutlineBlock[]
  /** The first level-1 heading's text, when `titleFromFirstHeading` took it. */
  title: string | null
}

/** Longest paragraph that can still be a pseudo-heading. */
const PSEUDO_HEADING_MAX = 120

const PHRASING = new Set([
  'text', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'image', 'imageReference',
  'inlineCode', 'break', 'footnoteReference', 'inlineMath',
])

/** Types whose content never becomes text. */
const SKIPPED = new Set(['code', 'html', 'thematicBreak', 'yaml', 'toml', 'definition', 'math', 'footnoteReference'])

/** Collapses whitespace runs to one space and trims. */
export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}


/**
 * The text of inline content: text, inline code, emphasis/strong/link
 * children, image alt; a line break is a space. Iterative, so any depth is safe.
 */
export function inlineText(node: Nodes | Nodes[]): string {
  const out: string[] = []
  const stack: Nodes[] = Array.isArray(node) ? [...node].reverse() : [node]
  while (stack.length > 0) {
    const n = stack.pop()!
    switch (n.type) {
      case 'text':
      case 'inlineCode':
        out.push(n.value)
        break
      case 'break':
        out.push(' ')
        break
      case 'image':
      case 'imageReference':
        if (n.alt) out.push(n.alt)
        break
      case 'html':
      case 'footnoteReference':
      case 'code':
      case 'yaml':
      case 'definition':
        break
      default:
        if ('children' in n) {
          const children = (n as Parent).children as Nodes[]
          for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!)
        }
    }
  }
  return collapseSpace(out.join(''))
}

function isBlankText(node: Nodes): boolean {
  return (node.type === 'text' && node.value.trim() === '') || node.type === 'break'
}

/** A short paragraph that reads as a heading: wholly bold/italic, or ALL CAPS, without a final period. */
function isPseudoHeading(paragraph: Paragraph, text: string): boolean {
  if (text.length === 0 || text.length > PSEUDO_HEADING_MAX) return false
  if (!/\p{L}/u.test(text)) return false
  if (/[.。．]["'”’)]{0,2}$/u.test(text)) return false
  const content = paragraph.children.filter((c) => !isBlankText(c))
  if (content.length > 0 && content.every((c) => c.type === 'strong' || c.type === 'emphasis')) return true
  return /\p{Lu}.*\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text)
}

function onlyImages(paragraph: Paragraph): boolean {
  let images = 0
  const stack: Nodes[] = [...paragraph.children]
  while (stack.length > 0) {
    const n = stack.pop()!
    if (n.type === 'image' || n.type === 'imageReference') images++
    else if (n.type === 'link' || n.type === 'linkReference' || n.type === 'emphasis' || n.type === 'strong') {
      for (const child of n.children) stack.push(child)
    }
    else if (!isBlankText(n)) return false
  }
  return images > 0
}

/** Wraps runs of inline nodes that sit directly in a block container into paragraphs. */
function blockChildren(children: readonly RootContent[]): RootContent[] {
  const out: RootContent[] = []
  let run: PhrasingContent[] = []
  const flush = (): void => {
    if (run.length > 0 && !run.every(isBlankText)) out.push({ type: 'paragraph', children: run })
    run = []
  }
  for (const child of children) {
    if (PHRASING.has(child.type)) run.push(child as PhrasingContent)
    else {
      flush()
      out.push(child)
    }
  }
  flush()
  return out
}

/**
 * Reduces an mdast tree to outline blocks: headings, bullets (one per list
 * item, nested items separately, table rows with cells joined by ` | `),
 * and prose paragraphs. Code and raw HTML are skipped. Walks with an explicit
 * stack: a tree thousands of levels deep is no problem.
 */
export function blocksFromMdast(root: Nodes, options: MdastOutlineOptions = {}): MdastBlocks {
  const blocks: OutlineBlock[] = []
  let title: string | null = null
  let titleToDrop = options.title ? normalizeClaimText(options.title) : null
  let realLevel = 0
  const stack: Nodes[] = [root]
  const pushAll = (children: readonly RootContent[]): void => {
    const list = blockChildren(children)
    for (let k = list.length - 1; k >= 0; k--) stack.push(list[k]!)
  }

  while (stack.length > 0) {
    const node = stack.pop()!
    switch (node.type) {
      case 'heading': {
        const text = inlineText(node.children)
        if (!text) break
        if (options.titleFromFirstHeading && title === null && node.depth === 1) {
          title = text
          break
        }
        if (titleToDrop !== null && normalizeClaimText(text) === titleToDrop) {
          titleToDrop = null
          break
        }
        realLevel = node.depth
        blocks.push({ kind: 'heading', text, level: node.depth, marker: options.headingMarkers ? '#'.repeat(node.depth) : null })
        break
      }
      case 'paragraph': {
        // A paragraph of images alone (a photo, its alt text) says nothing to claim.
        if (onlyImages(node)) break
        const text = inlineText(node.children)
        if (!text) break
        if (options.pseudoHeadings && isPseudoHeading(node, text)) {
          if (titleToDrop !== null && normalizeClaimText(text) === titleToDrop) {
            titleToDrop = null
            break
          }
          blocks.push({ kind: 'heading', text, level: realLevel + 1, marker: null })
        } else blocks.push({ kind: 'paragraph', text })
        break
      }
      case 'listItem': {
        const parts: string[] = []
        const rest: RootContent[] = []
        for (const child of node.children) {
          if (child.type === 'paragraph' || child.type === 'heading') parts.push(inlineText(child.children))
          else if (PHRASING.has(child.type)) parts.push(inlineText(child as Nodes))
          else if (!SKIPPED.has(child.type)) rest.push(child)
        }
        const text = collapseSpace(parts.join(' '))
        if (text) blocks.push({ kind: 'bullet', text })
        pushAll(rest)
        break
      }
      case 'table':
        for (const row of node.children) {
          const cells = row.children.map((cell) => inlineText(cell.children))
          if (cells.some((c) => c !== '')) blocks.push({ kind: 'bullet', text: cells.join(' | ') })
        }
        break
      default:
        if (SKIPPED.has(node.type)) break
        if (PHRASING.has(node.type)) {
          // Inline content at the top of the walk (a bare text root).
          const text = inlineText(node)
          if (text) blocks.push({ kind: 'paragraph', text })
        } else if ('children' in node) pushAll((node as Parent).children as RootContent[])
    }
  }
  return { blocks, title }
}

/** Builds the plain text block by block, then the outline over it. */
export function outlineFromBlocks(blocks: readonly OutlineBlock[]): OutlineBuilder {
  const plain = new PlainTextBuilder()
  const spans: Array<{ start: number; end: number }> = []
  const kept: OutlineBlock[] = []
  for (const block of blocks) {
    if (block.text === '') continue
    kept.push(block)
    spans.push(plain.block(block.text))
  }
  const outline = new OutlineBuilder(plain.toString())
  kept.forEach((block, k) => {
    const span = spans[k]!
    if (block.kind === 'heading') outline.section(block.text, block.marker, Math.max(1, block.level))
    else if (block.kind === 'bullet') outline.bullet(span.start, span.end)
    else outline.paragraph(span.start, span.end)
  })
  return outline
}

/** An mdast tree straight to an outline; see `blocksFromMdast`. */
export function outlineFromMdast(root: Nodes, options: MdastOutlineOptions = {}): { outline: OutlineBuilder; title: string | null } {
  const { blocks, title } = blocksFromMdast(root, options)
  return { outline: outlineFromBlocks(blocks), title }
}
