import type { PhrasingContent } from 'mdast'
import type { CiteNode, ClaimRefNode } from '../../model/brief.js'
import type { RenderedCitation } from '../citations.js'
import type { Content, PdfContext } from './context.js'
import { heightRatio, splitByFont } from './fonts.js'

/** A stretch of text in one style, before fonts are chosen. */
export interface Run {
  text: string
  bold?: boolean
  italics?: boolean
  code?: boolean
  strike?: boolean
  /** An external address. */
  link?: string
  color?: string
  /** A note mark: the number of the note it points to. */
  note?: number
  /** Superscript without a note (a footnote label written in the brief). */
  sup?: boolean
}

/** Style that runs inherit from where they stand (a heading is bold, a table head too). */
export type RunStyle = Omit<Run, 'text' | 'note'>

// A sentence's closing punctuation: an author-date citation goes before it, a note mark after.
const CLOSING = /([.!?。．！？]["'”’」』)]*)$/u
// Punctuation a note mark moves behind, as pandoc places it: "found [@key]." → "found.⁴".
const MOVED_PUNCTUATION = /^[.,;:!?。、，；：！？]+/u
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]/u
// A Korean "word" longer than this is not kept on one line (it could not fit one).
const LONGEST_KEPT_WORD = 40
// A token longer than this is no word: it breaks anywhere.
const LONGEST_TOKEN = 120
// A stretch with no break opportunity for UAX #14: no space, and no Hangul, kana or Han
// (which break between any two characters).
const UNBREAKABLE = new RegExp(`[^\\s\\u1100-\\u11ff\\u2e80-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\uff00-\\uffef]{${LONGEST_TOKEN + 1},}`, 'gu')
const LONG_TOKEN_CHUNK = 24

/**
 * The Markdown the citation engine writes (src/citations/markdown-format.ts) as runs: a small
 * parser for exactly what that format makes — `*italic*`, `**bold**`, `<scheme:autolinks>` and
 * backslash escapes — not a general Markdown parser, so notes need no remark.
 */
export function markdownRuns(markdown: string, style: RunStyle = {}): Run[] {
  const out: Run[] = []
  let bold = false
  let italics = false
  let buffer = ''
  const flush = (): void => {
    if (buffer) out.push({ ...style, text: buffer, ...(bold || style.bold ? { bold: true } : {}), ...(italics || style.italics ? { italics: true } : {}) })
    buffer = ''
  }
  let i = 0
  while (i < markdown.length) {
    const ch = markdown[i]!
    if (ch === '\\' && i + 1 < markdown.length && /[!-/:-@[-`{-~]/.test(markdown[i + 1]!)) {
      buffer += markdown[i + 1]
      i += 2
      continue
    }
    if (ch === '*') {
      flush()
      if (markdown[i + 1] === '*') {
        bold = !bold
        i += 2
      } else {
        italics = !italics
        i += 1
      }
      continue
    }
    if (ch === '<') {
      // An autolink is one line of at most 2,000 characters: never a scan to the end per `<`.
      const close = markdown.slice(i + 1, i + 2002).indexOf('>')
      const end = close < 0 ? -1 : i + 1 + close
      const url = end > 0 ? markdown.slice(i + 1, end) : ''
      if (/^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*$/.test(url)) {
        flush()
        out.push({ ...style, text: url, link: url, ...(bold ? { bold: true } : {}), ...(italics ? { italics: true } : {}) })
        i = end + 1
        continue
      }
    }
    buffer += ch
    i += 1
  }
  flush()
  return out
}

/** The plain text of runs. */
export function plain(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('')
}

/** Runs of a claim reference or citation, as the Markdown writer renders them. */
export function citationRuns(node: ClaimRefNode | CiteNode, ctx: PdfContext, style: RunStyle): Run[] {
  const { citations } = ctx
  const citation = citations.byNode.get(node)
  if (node.type === 'cite') {
    if (!citation) return [{ ...style, text: node.raw }]
    return citation.note === null && !node.narrative ? markdownRuns(citation.inline, style) : mark(citation, style)
  }
  const used = ctx.resolved.claims.get(node)
  if (!used) return [{ ...style, text: `:claim[${node.id}]` }]
  const text = used.claim.text
  if (node.quote) return [{ ...style, text: `${ctx.labels.open}${text}${ctx.labels.close}` }, ...spaced(citation, ctx, style)]
  const closing = CLOSING.exec(text)
  if (citations.kind === 'in-text' && closing && citation) {
    return [{ ...style, text: text.slice(0, closing.index) }, ...markdownRuns(` ${citation.inline}`, style), { ...style, text: closing[1]! }]
  }
  return [{ ...style, text }, ...spaced(citation, ctx, style)]
}

/** A quoted claim standing alone in its paragraph: its text and citation, for a block quote. */
export function quotedClaimRuns(node: ClaimRefNode, ctx: PdfContext): Run[] | null {
  const used = ctx.resolved.claims.get(node)
  if (!used) return null
  return [{ text: used.claim.text }, ...spaced(ctx.citations.byNode.get(node), ctx, {})]
}

function mark(citation: RenderedCitation, style: RunStyle): Run[] {
  const inline = citation.inline ? markdownRuns(citation.inline, style) : []
  return citation.note !== null ? [...inline, { text: String(citation.note), note: citation.note }] : inline
}

function spaced(citation: RenderedCitation | undefined, ctx: PdfContext, style: RunStyle): Run[] {
  if (!citation) return []
  return ctx.citations.kind === 'in-text' ? markdownRuns(` ${citation.inline}`, style) : mark(citation, style)
}

/** mdast phrasing content as runs, with claims filled in and note marks placed. */
export function phrasingRuns(nodes: readonly PhrasingContent[], ctx: PdfContext, style: RunStyle = {}): Run[] {
  const out: Run[] = []
  const walk = (node: PhrasingContent, style: RunStyle): void => {
    switch (node.type) {
      case 'text':
        out.push({ ...style, text: node.value.replace(/\s*\n\s*/g, ' ') })
        return
      case 'emphasis':
        for (const child of node.children) walk(child, { ...style, italics: true })
        return
      case 'strong':
        for (const child of node.children) walk(child, { ...style, bold: true })
        return
      case 'delete':
        for (const child of node.children) walk(child, { ...style, strike: true })
        return
      case 'inlineCode':
        out.push({ ...style, text: node.value, code: true })
        return
      case 'break':
        out.push({ ...style, text: '\n' })
        return
      case 'link':
        for (const child of node.children) walk(child, { ...style, link: node.url })
        return
      case 'linkReference':
        for (const child of node.children) walk(child, style)
        return
      case 'image':
      case 'imageReference':
        if (node.alt) out.push({ ...style, text: node.alt, italics: true })
        return
      case 'html':
        out.push({ ...style, text: node.value })
        return
      case 'footnoteReference':
        out.push({ ...style, text: node.label ?? node.identifier, sup: true })
        return
      case 'claimRef':
      case 'cite':
        out.push(...citationRuns(node, ctx, style))
        return
      default: {
        // Anything else a plugin may add: its children, or its text.
        const other = node as { children?: PhrasingContent[]; value?: unknown }
        if (other.children) for (const child of other.children) walk(child, style)
        else if (typeof other.value === 'string') out.push({ ...style, text: other.value })
      }
    }
  }
  for (const node of nodes) walk(node, style)
  return placeNoteMarks(out)
}

/**
 * A note mark goes right after the word or the punctuation it belongs to: spaces before it
 * go, and punctuation after it moves in front ("found [@key]." → "found.⁴").
 */
export function placeNoteMarks(runs: Run[]): Run[] {
  for (let i = 0; i < runs.length; i++) {
    if (runs[i]!.note === undefined) continue
    const before = runs[i - 1]
    if (before && before.note === undefined) before.text = before.text.replace(/\s+$/, '')
    const after = runs[i + 1]
    const punctuation = after && after.note === undefined && !after.code ? MOVED_PUNCTUATION.exec(after.text) : null
    if (after && punctuation) {
      after.text = after.text.slice(punctuation[0].length)
      const { note: _note, ...style } = runs[i]!
      if (before && before.note === undefined && !before.code) before.text += punctuation[0]
      else runs.splice(i, 0, { ...style, text: punctuation[0] })
    }
  }
  return runs.filter((r) => r.text !== '')
}

/** A stretch of a paragraph's text that needs its own line breaking. */
interface Span {
  start: number
  end: number
  /** `korean`: a word kept on one line; `long`: a token that may break anywhere. */
  kind: 'korean' | 'long'
}

/**
 * Runs as pdfmake inlines: each split into pieces one font draws whole, and every Korean word
 * (a stretch between spaces that holds Hangul) kept on one line. UAX #14, which pdfmake's line
 * breaker follows, lets Hangul break between any two syllables; Korean breaks at spaces. Each
 * piece of such a word is `noWrap` and all but its last are glued to the next (`noNewLine`).
 *
 * A stretch that cannot break and is longer than a line could ever hold (a pasted hash, a
 * run of 100,000 letters; not CJK text, which breaks between characters) gets a zero-width space (U+200B, a break opportunity) every 24 characters: pdfmake would
 * otherwise measure it again and again to cut it (seconds for 10,000 characters), or glue its
 * styled pieces into one line running off the page. Such a token loses the emphasis inside it.
 */
export function toInlines(runs: readonly Run[], ctx: PdfContext, lineHeight = ctx.settings.fonts.lineHeight): Content[] {
  const full = plain(runs)
  const spans: Span[] = []
  if (full.length > LONGEST_TOKEN) {
    for (const m of full.matchAll(UNBREAKABLE)) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'long' })
  }
  if (HANGUL.test(full)) {
    const token = /\S+\s*/gu
    for (let m = token.exec(full); m; m = token.exec(full)) {
      if (m[0].length <= LONGEST_KEPT_WORD && HANGUL.test(m[0])) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'korean' })
    }
    spans.sort((a, b) => a.start - b.start)
  }
  const ends: number[] = []
  let total = 0
  for (const run of runs) ends.push((total += run.text.length))

  const out: Content[] = []
  let r = 0
  let s = 0
  let at = 0
  while (at < full.length) {
    while (ends[r]! <= at) r++
    while (s < spans.length && spans[s]!.end <= at) s++
    const run = runs[r]!
    const span = spans[s]
    if (span && span.start <= at && span.kind === 'long') {
      const chars = Array.from(full.slice(at, span.end))
      let broken = ''
      for (let i = 0; i < chars.length; i += LONG_TOKEN_CHUNK) broken += (i ? '\u200b' : '') + chars.slice(i, i + LONG_TOKEN_CHUNK).join('')
      for (const piece of splitByFont(broken, run, ctx.missing)) out.push(styled(run, piece.text, piece.family, ctx, lineHeight))
      at = span.end
      continue
    }
    const inWord = span !== undefined && span.start <= at
    const cut = Math.min(ends[r]!, span ? (inWord ? span.end : span.start) : Infinity)
    const pieces = splitByFont(full.slice(at, cut), run, ctx.missing)
    pieces.forEach((piece, k) => {
      const inline = styled(run, piece.text, piece.family, ctx, lineHeight)
      if (inWord) {
        inline.noWrap = true
        // Glue to the next piece unless this one ends the word.
        if (k < pieces.length - 1 || cut < span.end) inline.noNewLine = true
      }
      out.push(inline)
    })
    at = cut
  }
  return out
}

function styled(run: Run, text: string, family: ReturnType<typeof splitByFont>[number]['family'], ctx: PdfContext, lineHeight: number): Content {
  const inline: Content = { text, font: family }
  if (run.bold) inline.bold = true
  if (run.italics) inline.italics = true
  if (run.strike) inline.decoration = 'lineThrough'
  if (run.color) inline.color = run.color
  if (run.link) {
    inline.link = run.link
    inline.color = ctx.settings.colors.links
  }
  if (run.note !== undefined) {
    // Never cut between its digits: in a narrow table column pdfmake would put "1" at the end
    // of a line and "2" at the start of the next.
    inline.noWrap = true
    inline.sup = true
    inline.linkToDestination = ctx.noteTarget(run.note)
    inline.color = ctx.settings.colors.links
  }
  if (run.sup) inline.sup = true
  if (run.code) inline.background = '#eeeeee'
  const ratio = heightRatio(family)
  if (ratio !== 1) inline.lineHeight = lineHeight / ratio
  return inline
}
