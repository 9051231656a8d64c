import type { Parent, PhrasingContent, Root, RootContent, Text } from 'mdast'
import type { Processor } from 'unified'
import type { ClaimRefNode } from '../model/brief.js'
import { loadRemarkDirective } from '../readers/lazy.js'
import { pointAt, reportCapped, type BriefContext } from './context.js'
import { textOrigin } from './text-origin.js'

// The few micromark shapes the syntax below touches (micromark's own types are not a dependency).
type Code = number | null
type State = (code: Code) => State | undefined
interface Effects {
  enter(type: string): unknown
  exit(type: string): unknown
  consume(code: Code): void
  check(construct: Construct, ok: State, nok: State): State
}
type Tokenizer = (this: unknown, effects: Effects, ok: State, nok: State) => State
interface Construct {
  tokenize: Tokenizer
  previous?: (this: unknown, code: Code) => boolean
  partial?: boolean
}
interface ProcessorData {
  micromarkExtensions?: unknown[]
  fromMarkdownExtensions?: unknown[]
  toMarkdownExtensions?: unknown[]
}

const COLON = 58
const LEFT_BRACKET = 91
const LEFT_BRACE = 123
const CLAIM = ':claim'

/** Succeeds on `:claim[` or `:claim{` without consuming them. */
const claimAhead: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    let index = 0
    const next: State = (code) => {
      if (index === CLAIM.length) {
        effects.exit('claimDirectiveProbe')
        return code === LEFT_BRACKET || code === LEFT_BRACE ? ok(code) : nok(code)
      }
      if (code !== CLAIM.charCodeAt(index)) return nok(code)
      if (index === 0) effects.enter('claimDirectiveProbe')
      effects.consume(code)
      index++
      return next
    }
    return next
  },
}

/**
 * remark-directive, narrowed to `:claim[…]{…}`. Full directive syntax reads prose as
 * markup: `at 10:30` becomes a directive named `30`, `3:1` one named `1`, and `::`/`:::`
 * lines become blocks. Briefs are prose, so only text directives named `claim` are
 * parsed; every other colon stays the text it was.
 */
export function claimDirectiveSyntax(this: Processor): void {
  const full: ProcessorData = {}
  ;(loadRemarkDirective() as unknown as (this: { data(): ProcessorData }) => void).call({ data: () => full })
  const extension = full.micromarkExtensions?.[0] as { text?: Record<number, Construct> } | undefined
  const directiveText = extension?.text?.[COLON]
  if (!directiveText) throw new Error('remark-directive did not provide its text directive construct; check the installed version (4.x expected)')
  const claimOnly: Construct = {
    previous: directiveText.previous,
    tokenize(effects, ok, nok) {
      return effects.check(claimAhead, directiveText.tokenize.call(this, effects, ok, nok), nok)
    },
  }
  const data = this.data() as ProcessorData
  ;(data.micromarkExtensions ??= []).push({ text: { [COLON]: claimOnly } })
  ;(data.fromMarkdownExtensions ??= []).push(...(full.fromMarkdownExtensions ?? []))
  ;(data.toMarkdownExtensions ??= []).push(...(full.toMarkdownExtensions ?? []))
}

// `<source id>.<5 or more base32 digits>`, `-N` for a repeated text (see src/outline/ids.ts).
const CLAIM_ID = /^[\p{L}\p{N}]+\.[0-9a-hjkmnp-tv-z]{5,}(?:-[1-9][0-9]*)?$/u
const SOURCE_ID = /^[\p{L}\p{N}]+$/u
// Only from the first colon of a run: `::+` tried at every colon of a long run is quadratic.
const MISWRITTEN = /(?<!:)::+claim(?![\p{L}\p{N}_-])/gu

function idProblem(id: string): string | null {
  if (id === '') return '`:claim[]` names no claim; write `:claim[ID]`, e.g. `:claim[jin2023indopacific.k3f9a]`'
  if (CLAIM_ID.test(id)) return null
  const shown = id.length > 60 ? `${id.slice(0, 57)}…` : id
  if (CLAIM_ID.test(id.toLowerCase())) return `\`${shown}\` is not a claim id: claim ids are lower case, \`${id.toLowerCase()}\``
  if (SOURCE_ID.test(id)) return `\`${shown}\` is a source id, not a claim id; cite a source with \`[@${shown}]\`, or give the claim's id (\`brief show ${shown}\` lists them)`
  return `\`${shown}\` is not a claim id; claim ids are a source id, a dot and five or more letters and digits, e.g. \`jin2023indopacific.k3f9a\``
}

function attributeProblem(attributes: Record<string, string | null | undefined>): { quote: boolean; problem: string | null } {
  let quote = false
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'quote' && !value) quote = true
    else if (name === 'class' && value) {
      for (const c of value.split(/\s+/).filter(Boolean)) {
        if (c === 'quote') quote = true
        else return { quote, problem: `unknown class \`.${c}\`; \`:claim\` takes only \`{quote}\`` }
      }
    } else return { quote, problem: `unknown attribute \`${name === 'id' ? `#${value ?? ''}` : name}\`; \`:claim\` takes only \`{quote}\`` }
  }
  return { quote, problem: null }
}

type Directive = Extract<PhrasingContent, { type: 'textDirective' }>

/** The claim reference a `:claim` directive stands for, or a message saying what is wrong. */
function claimRefOf(node: Directive, context: BriefContext): ClaimRefNode | string {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start !== undefined && context.text[start + CLAIM.length] !== '[') return '`:claim` needs a claim id in brackets: `:claim[ID]`'
  if (node.children.some((child) => child.type !== 'text')) return 'the claim id in `:claim[…]` must be plain text, without markup'
  const id = node.children.map((child) => (child as Text).value).join('').trim()
  const problem = idProblem(id)
  if (problem) return problem
  const attributes = attributeProblem(node.attributes ?? {})
  if (attributes.problem) return attributes.problem
  const ref: ClaimRefNode = { type: 'claimRef', id, quote: attributes.quote }
  if (start !== undefined && end !== undefined) ref.position = { start: pointAt(context, start), end: pointAt(context, end) }
  return ref
}

/** A node that puts back exactly what the author wrote. */
function literal(node: Directive, context: BriefContext): Text {
  const start = node.position?.start.offset ?? 0
  const end = node.position?.end.offset ?? start
  const text: Text = { type: 'text', value: context.text.slice(start, end) }
  if (node.position) text.position = node.position
  return text
}

/** `::claim[…]` or `:::claim`: written as a block directive, which briefs do not read. */
function reportMiswritten(node: Text, context: BriefContext): void {
  if (!node.value.includes('::claim')) return
  const origin = textOrigin(node, context.text)
  for (const match of node.value.matchAll(MISWRITTEN)) {
    const offset = origin ? origin.start(match.index) : (node.position?.start.offset ?? 0)
    reportCapped(context, 'invalid-claim-ref', `\`${match[0]}\` is not read; write \`:claim[ID]\` with one colon, inside a paragraph or list item`, offset)
  }
}

/**
 * Replaces `:claim[ID]` and `:claim[ID]{quote}` by `claimRef` nodes. A malformed one is
 * reported (`invalid-claim-ref`) and left as the text it was.
 */
export function parseClaimRefs(tree: Root, context: BriefContext): void {
  const stack: Parent[] = [tree]
  while (stack.length > 0) {
    const parent = stack.pop()!
    const children = parent.children
    let restored = false
    for (let k = 0; k < children.length; k++) {
      const child = children[k]!
      if (child.type === 'textDirective') {
        const ref = claimRefOf(child, context)
        if (typeof ref === 'string') {
          reportCapped(context, 'invalid-claim-ref', ref, child.position?.start.offset ?? 0)
          children[k] = literal(child, context)
          restored = true
        } else children[k] = ref as RootContent
      } else if (child.type === 'text') reportMiswritten(child, context)
      else if ('children' in child) stack.push(child)
    }
    if (restored) parent.children = joinText(children)
  }
}

/** Text put back where a directive was sits between text nodes: one node again, so citations see one run. */
function joinText(children: RootContent[]): RootContent[] {
  const out: RootContent[] = []
  for (const child of children) {
    const previous = out[out.length - 1]
    if (child.type === 'text' && previous?.type === 'text') {
      const joined: Text = { type: 'text', value: previous.value + child.value }
      if (previous.position && child.position) joined.position = { start: previous.position.start, end: child.position.end }
      out[out.length - 1] = joined
    } else out.push(child)
  }
  return out
}
