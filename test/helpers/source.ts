import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import type { Claim, Section, Source, SourceFormat } from '../../src/model/source.js'
import { readSource } from '../../src/readers/index.js'
import { allClaims } from '../../src/outline/builder.js'

/** Shared by the per-reader tests: reading fixtures and looking into the result. */
export function fixtureReader(format: SourceFormat, defaultFile: string, { forceFormat = false } = {}): {
  /** The fixture's bytes. */
  fixture: (name: string) => Buffer
  read: (name: string) => Source
  readText: (text: string, file?: string) => Source
} {
  const dir = new URL(`../fixtures/${format}/`, import.meta.url)
  const fixture = (name: string): Buffer => readFileSync(new URL(name, dir))
  return {
    fixture,
    read: (name) => readSource(fixture(name), { file: name }),
    readText: (text, file = defaultFile) =>
      readSource(new TextEncoder().encode(text), forceFormat ? { file, format } : { file }),
  }
}

/** Every claim of an outline, in document order (the library's own walker). */
export const claimsIn = allClaims

export function claims(source: Source): Claim[] {
  return claimsIn(source.sections)
}

/** Every section as [heading, marker, level], in document order. */
export function sectionList(source: Source): Array<[string | null, string | null, number]> {
  const out: Array<[string | null, string | null, number]> = []
  const walk = (sections: Section[]): void => {
    for (const s of sections) {
      out.push([s.heading, s.marker, s.level])
      walk(s.sections)
    }
  }
  walk(source.sections)
  return out
}

export function expectProvenance(source: Source): void {
  for (const c of claims(source)) expect(source.text.slice(c.start, c.end)).toBe(c.text)
}

export function rules(source: Source): string[] {
  return source.diagnostics.map((d) => d.rule)
}
