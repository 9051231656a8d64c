import type { Root, Yaml } from 'mdast'
import type { Document } from 'yaml'
import type { Place } from '../diagnostics/collector.js'
import { LineIndex } from '../diagnostics/collector.js'
import type { Person, SourceKind, SourceMeta } from '../model/source.js'
import { parseDate } from '../outline/dates.js'
import { mergeAuthors, person } from '../outline/names.js'
import { primaryLanguage } from './html.js'
import { ContainerBudget, costlyBlock } from './block-cost.js'
import { loadRemarkFrontmatter, loadRemarkGfm, loadRemarkParse, loadUnified, loadYaml } from './lazy.js'
import { blocksFromMdast, collapseSpace, outlineFromBlocks, type OutlineBlock } from './mdast-outline.js'
import { blankMeta } from './meta.js'
import type { Reader, ReaderContext, ReaderResult } from './types.js'

const KINDS: readonly SourceKind[] = ['brief', 'report', 'news', 'op-ed', 'post', 'webpage', 'document']

function makeProcessor(frontmatter: boolean) {
  const processor = loadUnified().unified().use(loadRemarkParse()).use(loadRemarkGfm())
  // Only the text's start may be frontmatter: a later part starting with `---` is not.
  return frontmatter ? processor.use(loadRemarkFrontmatter(), ['yaml']) : processor
}
let processors: { start: ReturnType<typeof makeProcessor>; part: ReturnType<typeof makeProcessor> } | null = null

/** Frontmatter keys and their place in the file, for diagnostics. */
interface Frontmatter {
  data: Record<string, unknown>
  /** Place of a key's value in the file. */
  placeOf(key: string): Place
}

/** Parses the YAML frontmatter safely (few aliases, no custom tags); problems become `frontmatter-invalid`. */
function readFrontmatter(node: Yaml, context: ReaderContext): Frontmatter | null {
  // The YAML value starts on the line after the opening `---`.
  const firstLine = (node.position?.start.line ?? 1) + 1
  const lines = new LineIndex(node.value)
  const toFile = (offset: number): Place => {
    const p = lines.place(offset)
    return { line: firstLine + p.line - 1, column: p.column }
  }
  const { isMap, isScalar, parseDocument } = loadYaml()
  let doc: Document
  try {
    doc = parseDocument(node.value, { prettyErrors: false, uniqueKeys: false })
  } catch (error) {
    context.bag.report('frontmatter-invalid', `the frontmatter could not be read: ${(error as Error).message}`, { line: firstLine, column: 1 })
    return null
  }
  const error = doc.errors[0]
  if (error) {
    const offset = error.pos[0]
    context.bag.report('frontmatter-invalid', `the frontmatter is not valid YAML: ${firstSentence(error.message)}; fix it or remove it`, toFile(offset))
    return null
  }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 20 })
  } catch (e) {
    // The yaml package's words for an alias bomb name an attack, not the fix.
    const why = /alias/i.test((e as Error).message) ? 'it uses YAML aliases (`*name`) too much; write the values out' : firstSentence((e as Error).message)
    context.bag.report('frontmatter-invalid', `the frontmatter could not be read: ${why}`, { line: firstLine, column: 1 })
    return null
  }
  if (data === null || data === undefined) return { data: {}, placeOf: () => ({ line: firstLine, column: 1 }) }
  if (typeof data !== 'object' || Array.isArray(data)) {
    context.bag.report('frontmatter-invalid', 'the frontmatter is not a mapping of `key: value` pairs; it was ignored', { line: firstLine, column: 1 })
    return null
  }
  const contents = doc.contents
  return {
    data: data as Record<string, unknown>,
    placeOf(key) {
      if (isMap(contents)) {
        for (const pair of contents.items) {
          if (isScalar(pair.key) && pair.key.value === key) {
            const range = (isScalar(pair.value) || isMap(pair.value) ? pair.value.range : null) ?? pair.key.range
            if (range) return toFile(range[0])
          }
        }
      }
      return { line: firstLine, column: 1 }
    },
  }
}

function firstSentence(message: string): string {
  // `(?<!\s)`: tried only where a run of spaces starts, not at each of its spaces (quadratic).
  return (message.split('\n')[0] ?? message).replace(/(?<!\s)\s+at line \d+, column \d+:?$/, '').trim()
}

function asText(value: unknown): string | null {
  if (typeof value === 'string') return collapseSpace(value) || null
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return null
}

function isoFromDate(value: Date): string | null {
  return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10)
}

/** `authors`: a string, a list of strings, or a list of `{ name, email, affiliation, role }`. */
function readAuthors(value: unknown): Person[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]
  const people: Person[] = []
  for (const item of list.slice(0, 100)) {
    if (typeof item === 'string') {
      // Split on `;` alone (collapseSpace trims): `\s*;\s*` is quadratic on a long run of spaces.
      for (const name of item.split(';')) if (name.trim()) people.push(person(collapseSpace(name)))
    } else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const o = item as Record<string, unknown>
      const name = asText(o['name'])
      if (!name) continue
      people.push(person(name, {
        email: asText(o['email']),
        affiliation: asText(o['affiliation'] ?? o['organization'] ?? o['org']),
        role: asText(o['role'] ?? o['title']),
      }))
    }
  }
  return mergeAuthors(people)
}

function applyFrontmatter(meta: SourceMeta, fm: Frontmatter, { bag }: ReaderContext): void {
  const d = fm.data
  meta.title = asText(d['title'])
  const date = d['date']
  if (date instanceof Date) meta.date = isoFromDate(date)
  else if (date !== undefined && date !== null) {
    const text = asText(date)
    meta.date = text ? parseDate(text) : null
    if (meta.date === null) bag.report('invalid-date', `the frontmatter date \`${String(text ?? '').slice(0, 40)}\` is not a date; write it as YYYY-MM-DD`, fm.placeOf('date'))
  }
  meta.authors = readAuthors(d['authors'] ?? d['author'])
  meta.publisher = asText(d['publisher'])
  meta.url = asText(d['url'])
  meta.language = primaryLanguage(asText(d['lang'] ?? d['language']))
  const kind = asText(d['kind'])
  if (kind !== null) {
    if ((KINDS as readonly string[]).includes(kind)) meta.kind = kind as SourceKind
    else bag.report('frontmatter-invalid', `\`kind: ${kind}\` is not a source kind; use one of ${KINDS.map((k) => `\`${k}\``).join(', ')}`, fm.placeOf('kind'))
  }
  meta.series = asText(d['series'])
  meta.number = asText(d['number'])
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/
const PLACEHOLDER = 'briefkitrawblock'

/** The end of a leading YAML frontmatter block (offset after its closing line), or 0. */
function frontmatterEnd(text: string): number {
  const m = /^---[ \t]*\n(?:[\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text)
  return m ? m[0].length : 0
}

interface Defused {
  /** The text for the parser: pathological blocks replaced by placeholder paragraphs, line count kept. */
  source: string
  /** Placeholder word → the raw block it stands for. */
  raw: Map<string, string>
  /** Offsets in `source` where a new part starts: each part holds a bounded number of block quotes and lists. */
  cuts: number[]
}

/**
 * Keeps blocks the parser would take too long on (thousands of delimiters,
 * block quotes nested hundreds deep) out of it: each becomes a placeholder
 * paragraph, read back later as plain text. Fenced code is left alone, and
 * line breaks are kept, so frontmatter line numbers do not move.
 */
function defuse(text: string, bag: ReaderContext['bag']): Defused {
  const raw = new Map<string, string>()
  const start = frontmatterEnd(text)
  const out: string[] = [text.slice(0, start)]
  let length = start
  const emit = (piece: string): void => {
    out.push(piece)
    length += piece.length
  }
  const containers = new ContainerBudget()
  const cuts: number[] = []
  let afterBlank = false
  let block: string[] = []
  let blockStart = start
  let fence: string | null = null
  let offset = start
  const flush = (): void => {
    if (block.length === 0) return
    const joined = block.join('\n')
    const why = costlyBlock(block, joined)
    if (why) {
      const key = `${PLACEHOLDER}${raw.size}`
      raw.set(key, joined)
      if (raw.size === 1) bag.report('deep-nesting', `a block holds ${why}; it was read as plain text without its markup`, blockStart)
      emit(key + '\n'.repeat(block.length - 1))
    } else emit(joined)
    block = []
  }
  const body = text.slice(start)
  const lines = body.split('\n')
  lines.forEach((line, k) => {
    const last = k === lines.length - 1
    if (fence !== null) {
      emit(line + (last ? '' : '\n'))
      const close = FENCE.exec(line)
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && line.trim() === close[0].trim()) fence = null
    } else {
      const open = FENCE.exec(line)
      if (open || line.trim() === '') {
        if (block.length > 0) {
          flush()
          emit('\n')
        }
        if (open) fence = open[1]!
        else if (containers.cutAtBlank()) cuts.push(length)
        emit(line + (last ? '' : '\n'))
      } else {
        if (containers.cutBefore(line, block.length === 0 && afterBlank)) cuts.push(length)
        if (block.length === 0) blockStart = offset
        block.push(line)
        if (last) flush()
      }
    }
    afterBlank = fence === null && line.trim() === ''
    offset += line.length + 1
  })
  return { source: out.join(''), raw, cuts }
}

/** Puts the raw text of defused blocks back in place of their placeholders. */
function restoreRaw(blocks: OutlineBlock[], raw: Map<string, string>): OutlineBlock[] {
  if (raw.size === 0) return blocks
  return blocks.map((b) => {
    const original = b.kind === 'paragraph' ? raw.get(b.text) : undefined
    return original === undefined ? b : { kind: 'paragraph', text: collapseSpace(original) }
  })
}

/** When the Markdown parser cannot build a tree (pathological nesting), paragraphs are the blank-line-separated blocks. */
function fallbackBlocks(text: string): OutlineBlock[] {
  return text.split(/\n\s*\n/).map((p) => ({ kind: 'paragraph' as const, text: collapseSpace(p) })).filter((b) => b.text)
}

function readMarkdown(text: string, context: ReaderContext): ReaderResult {
  const meta = blankMeta('document')
  const defused = defuse(text, context.bag)
  const tree: Root = { type: 'root', children: [] }
  try {
    processors ??= { start: makeProcessor(true), part: makeProcessor(false) }
    const bounds = [0, ...defused.cuts, defused.source.length]
    for (let k = 0; k + 1 < bounds.length; k++) {
      const part = (k === 0 ? processors.start : processors.part).parse(defused.source.slice(bounds[k], bounds[k + 1]))
      // One by one: spreading a huge part's children as arguments would overflow the stack.
      for (const node of part.children) tree.children.push(node)
    }
  } catch (error) {
    // Never fail on content: a text the parser cannot take is read as plain paragraphs.
    if (error instanceof RangeError) context.bag.report('deep-nesting', 'the Markdown nests too deep to parse; it was read as plain paragraphs', 0)
    return { meta, outline: outlineFromBlocks(fallbackBlocks(text)) }
  }
  const first = tree.children[0]
  if (first?.type === 'yaml') {
    const fm = readFrontmatter(first, context)
    if (fm) applyFrontmatter(meta, fm, context)
  }
  const { blocks, title } = blocksFromMdast(tree, {
    headingMarkers: true,
    title: meta.title,
    titleFromFirstHeading: meta.title === null,
  })
  meta.title ??= title
  return { meta, outline: outlineFromBlocks(restoreRaw(blocks, defused.raw)) }
}

function detectMarkdown(text: string): number {
  const head = text.slice(0, 8000)
  const start = head.trimStart()
  if (start.startsWith('{') || start.startsWith('[{') || /^<(?:!doctype|html|\?xml)/i.test(start)) return 0
  let score = 0
  if (/^---[ \t]*\n[\s\S]{0,4000}?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.test(head)) score += 0.5
  const headings = head.match(/^#{1,6}[ \t]+\S/gm)?.length ?? 0
  if (headings > 0) score += Math.min(0.35, 0.15 + headings * 0.05)
  if (/^(?:[ \t]*[-*+][ \t]+\S.*\n){2,}/m.test(head) || /^(?:[ \t]*\d{1,3}\.[ \t]+\S.*\n){2,}/m.test(head)) score += 0.1
  if (/\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)/.test(head)) score += 0.15
  if (/\*\*[^*\n]{1,200}\*\*|__[^_\n]{1,200}__/.test(head)) score += 0.05
  if (/^```/m.test(head)) score += 0.1
  if (/^>[ \t]/m.test(head)) score += 0.05
  return Math.min(score, 0.9)
}

export const markdownReader: Reader = {
  format: 'markdown',
  extensions: ['md', 'markdown', 'mdown'],
  detect: detectMarkdown,
  read: readMarkdown,
}
