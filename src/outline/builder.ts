import type { Claim, Section } from '../model/source.js'
import { assignClaimIds } from './ids.js'
import { splitSentences } from './sentences.js'
import { attributeSpeakers } from './speakers.js'
import { trimSpan } from './spans.js'

/**
 * Turns a reader's view of a text (headings, bullets, prose paragraphs as
 * spans of that text) into sections of claims. Readers decide what is a
 * heading or a bullet; the builder owns nesting, sentence splitting,
 * paragraph numbering, speakers and ids, so every reader gets them the same way.
 */
export class OutlineBuilder {
  readonly text: string
  readonly #top: Section[] = []
  readonly #stack: Section[] = []
  readonly #claims: Claim[] = []
  #paragraph = 0

  constructor(text: string) {
    this.text = text
  }

  /** Opens a section; it closes every open section at its level or deeper. */
  section(heading: string | null, marker: string | null, level: number): Section {
    const section: Section = { heading, marker, level, claims: [], sections: [] }
    while (this.#stack.length > 0) {
      const open = this.#stack[this.#stack.length - 1]!
      // The untitled preamble is never a parent.
      if (open.level >= level || open.heading === null) this.#stack.pop()
      else break
    }
    const parent = this.#stack[this.#stack.length - 1]
    if (parent) parent.sections.push(section)
    else this.#top.push(section)
    this.#stack.push(section)
    return section
  }

  get currentLevel(): number {
    return this.#stack[this.#stack.length - 1]?.level ?? 0
  }

  #current(): Section {
    return this.#stack[this.#stack.length - 1] ?? this.section(null, null, 1)
  }

  /** One claim for the whole span, however many sentences it has. */
  bullet(start: number, end: number): Claim | null {
    const span = trimSpan(this.text, start, end)
    if (span.start >= span.end || !hasLetter(this.text, span.start, span.end)) return null
    const claim = this.#claim('bullet', span.start, span.end, this.#paragraph++)
    this.#current().claims.push(claim)
    return claim
  }

  /** A prose paragraph: one claim per sentence, all sharing the paragraph number. */
  paragraph(start: number, end: number): Claim[] {
    const spans = splitSentences(this.text, start, end).filter((span) => hasLetter(this.text, span.start, span.end))
    if (spans.length === 0) return []
    const paragraph = this.#paragraph++
    const section = this.#current()
    const made: Claim[] = []
    for (const span of spans) {
      const claim = this.#claim('sentence', span.start, span.end, paragraph)
      section.claims.push(claim)
      made.push(claim)
    }
    return made
  }

  #claim(kind: Claim['kind'], start: number, end: number, paragraph: number): Claim {
    const claim: Claim = { id: '', kind, text: this.text.slice(start, end), start, end, paragraph, speaker: null }
    this.#claims.push(claim)
    return claim
  }

  get claimCount(): number {
    return this.#claims.length
  }

  /** Resolves speakers and ids once the source id is known; returns the top-level sections. */
  finish(sourceId: string): Section[] {
    attributeSpeakers(this.text, this.#claims)
    assignClaimIds(this.#claims, sourceId)
    return this.#top.filter((s) => s.heading !== null || s.claims.length > 0 || s.sections.length > 0)
  }
}

const LETTER = /\p{L}/u

/**
 * A claim says something in words: page numbers, rules (`- 3 -`, `* * *`, `1/12`)
 * and other layout left in copied text are not claims.
 */
function hasLetter(text: string, start: number, end: number): boolean {
  // Most spans show a letter within their first few characters.
  for (let i = start; i < end && i < start + 16; i++) {
    const c = text.charCodeAt(i)
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true
  }
  return LETTER.test(text.slice(start, end))
}

/** Every claim of an outline, in document order. */
export function allClaims(sections: Section[]): Claim[] {
  const out: Claim[] = []
  // No spread: a 20 MB text holds hundreds of thousands of claims, more than call arguments allow.
  const walk = (list: Section[]): void => {
    for (const s of list) {
      for (const claim of s.claims) out.push(claim)
      walk(s.sections)
    }
  }
  walk(sections)
  return out
}
