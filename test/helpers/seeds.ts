import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Section, Source } from '../../src/model/source.js'

/** The shared seed documents live beside the project checkout, when they are there at all. */
export const SEEDS_DIR = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url))
export const seedsPresent = existsSync(`${SEEDS_DIR}expected.json`)

export interface ExpectedTree {
  heading: string
  bullets?: number
  sections?: ExpectedTree[]
}

export interface SeedExpectation {
  what: string
  meta: {
    title?: string | null
    date?: string | null
    url?: string | null
    publisher?: string
    series?: string
    number?: string
    authors?: Array<{ name: string; email?: string }>
    authorsCount?: number
  }
  warning?: string
  headings?: string[]
  paragraphs?: number
  bullets?: number
  include?: string[]
  exclude?: string[]
  speakers?: string[]
  tree?: ExpectedTree[]
}

export function loadExpectations(): Record<string, SeedExpectation> {
  const raw = JSON.parse(readFileSync(`${SEEDS_DIR}expected.json`, 'utf8')) as Record<string, unknown>
  delete raw.about
  return raw as Record<string, SeedExpectation>
}

export { claimsIn as claimsOf } from './source.js'

export function headingsOf(sections: Section[]): string[] {
  return sections.flatMap((s) => [...(s.heading === null ? [] : [s.heading]), ...headingsOf(s.sections)])
}

/** The outline reduced to what expected.json's `tree` states: headings, direct bullet counts, children. */
export function treeOf(sections: Section[]): ExpectedTree[] {
  return sections
    .filter((s) => s.heading !== null)
    .map((s) => ({
      heading: s.heading!.toLowerCase(),
      bullets: s.claims.filter((c) => c.kind === 'bullet').length,
      sections: treeOf(s.sections),
    }))
}

export function normalizeTree(tree: ExpectedTree[]): ExpectedTree[] {
  return tree.map((t) => ({ heading: t.heading.toLowerCase(), bullets: t.bullets ?? 0, sections: normalizeTree(t.sections ?? []) }))
}

/** expected.json's strings are case-insensitive patterns (`korea ?pro`, `asia times|pacific forum`). */
export function pattern(text: string, whole = false): RegExp {
  return new RegExp(whole ? `^(?:${text})$` : text, 'iu')
}

export function rulesFor(warning: string): string[][] {
  // Each inner list: at least one of these rule ids must be reported.
  const wanted: string[][] = []
  if (/truncated|malformed/i.test(warning)) wanted.push(['truncated-input', 'malformed-json'])
  if (/no title/i.test(warning)) wanted.push(['missing-title'])
  if (/no date|no title and no date/i.test(warning)) wanted.push(['missing-date'])
  return wanted
}

export type { Source }
