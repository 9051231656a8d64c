import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { expect } from 'vitest'
import type { Source } from '../../src/model/source.js'
import { allClaims } from '../../src/outline/builder.js'
import { ROOT } from '../helpers/cli.js'

/*
 * What the fuzz suites share: the seed and run count (fixed by default, so CI is
 * repeatable; FUZZ_SEED and FUZZ_RUNS for longer local runs), the hostile tokens, byte
 * mutations of real files, the invariants every Source keeps, and the time budget.
 */

function envInteger(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = Number(raw)
  if (!Number.isInteger(value)) throw new Error(`${name} \`${raw}\` is not a whole number; unset it or give one such as 42`)
  return value
}

/** The seed every property starts from: FUZZ_SEED, or a fixed one so that CI runs the same inputs. */
export const FUZZ_SEED = envInteger('FUZZ_SEED') ?? 20_261_123

/** FUZZ_RUNS scales every property's run count: `FUZZ_RUNS=5000 npx vitest run test/fuzz`. */
const FUZZ_RUNS = envInteger('FUZZ_RUNS')

/**
 * fast-check parameters for one property: the fixed seed, and `defaultRuns` unless
 * FUZZ_RUNS says otherwise. On a failure fast-check's error names the seed, the path and
 * the shrunk counterexample; rerun with FUZZ_SEED=<seed> to see it again.
 */
export function fuzzParameters<T>(defaultRuns: number): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: FUZZ_RUNS ?? defaultRuns }
}

/** The vitest time limit for a property of `defaultRuns` runs: 30 s, or more for a longer FUZZ_RUNS. */
export function fuzzTimeout(defaultRuns: number): number {
  return Math.max(30_000, ((FUZZ_RUNS ?? defaultRuns) / defaultRuns) * 60_000)
}

/** Long runs of one character: the shapes that make a careless pattern or parser slow. */
export const LONG_RUNS = ['a', ' ', '.', '<', '[', '{', '(', '*', '-', '#', '>', '|', '`', '"', '\\', ':', '@', '■', '\n', '\r', '\t', '가', '。'].map(
  (c) => c.repeat(5_000),
)

/** Tokens that mean something to one reader or another, and bytes no text should hold. */
export const HOSTILE_TOKENS: ReadonlyArray<string | Uint8Array> = [
  '<', '>', '[', ']', '{', '}', '"', '■', '❍', '1)', '1.', '(2)', '①', '가.', '@', '[@', ':claim[', ':claim[x]{', '---', '...', '```', '~~~',
  '<!--', '-->', '<![CDATA[', '<script>', '</p>', '<p>', '&#', '&amp;', '&#x1F600;', '{"', '":', '\\u', '\\', '# ', '> ', '- ', '* ', '|', '](', '![',
  '\uFFFD', '\u2028', '\u00A0', '\uFEFF', '\0', '\r', '\r\n', '\n\n', '\t',
  // Lone surrogates: as text for the brief parser (as bytes, TextEncoder writes U+FFFD).
  '\uD800', '\uDFFF',
  // A lone surrogate written as UTF-8 would write it (CESU-8): invalid, must be replaced.
  Uint8Array.of(0xed, 0xa0, 0x80),
  Uint8Array.of(0xed, 0xbf, 0xbf),
  // A truncated multi-byte sequence, an overlong NUL and a stray continuation byte.
  Uint8Array.of(0xe2, 0x96),
  Uint8Array.of(0xc0, 0x80),
  Uint8Array.of(0x80),
  Uint8Array.of(0xff, 0xfe),
  ...LONG_RUNS,
]

const encoder = new TextEncoder()
const asBytes = (token: string | Uint8Array): Uint8Array => (typeof token === 'string' ? encoder.encode(token) : token)

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/**
 * One edit of a file's bytes. Positions are fractions of the length, so one mutation
 * fits files of any size and shrinks towards the start of the file.
 */
export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'insert'; at: number; token: number; times: number }
  | { kind: 'delete'; at: number; length: number }

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 2_000 }), to: fraction }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, token: fc.nat({ max: HOSTILE_TOKENS.length - 1 }), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 500 }) }),
)

/** `bytes` with one mutation applied. */
export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = Math.floor(m.at * (bytes.length + 1))
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes
      const out = bytes.slice()
      const i = Math.min(at, out.length - 1)
      out[i] = out[i]! ^ (1 << m.bit)
      return out
    }
    case 'truncate':
      return bytes.slice(0, at)
    case 'duplicate': {
      const slice = bytes.slice(at, at + m.length)
      const to = Math.floor(m.to * (bytes.length + 1))
      return concat(bytes.slice(0, to), slice, bytes.slice(to))
    }
    case 'insert': {
      const token = asBytes(HOSTILE_TOKENS[m.token]!)
      return concat(bytes.slice(0, at), ...Array.from({ length: m.times }, () => token), bytes.slice(at))
    }
    case 'delete':
      return concat(bytes.slice(0, at), bytes.slice(at + m.length))
  }
}

export const mutateAll = (bytes: Uint8Array, mutations: Mutation[]): Uint8Array => mutations.reduce(mutate, bytes)

/** Hostile text built from scratch: tokens, arbitrary strings (lone surrogates included) and lines. */
export function hostileText(lines: readonly string[] = []): fc.Arbitrary<string> {
  const tokens = HOSTILE_TOKENS.filter((t): t is string => typeof t === 'string' && t.length < 100)
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...tokens) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
    // Any UTF-16 code unit, lone surrogates included.
    { weight: 1, arbitrary: fc.string({ unit: fc.nat({ max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 20 }) },
    ...(lines.length ? [{ weight: 4, arbitrary: fc.constantFrom(...lines) }] : []),
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...tokens), fc.integer({ min: 50, max: 3_000 })).map(([t, n]) => t.repeat(n)) },
  )
  return fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''))
}

/** Every file of a folder of the repository (not recursive), as [relative path, bytes]. */
export function filesOf(dir: string): Array<[string, Uint8Array]> {
  const absolute = join(ROOT, dir)
  return readdirSync(absolute, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()
    .map((name) => [`${dir}/${name}`, new Uint8Array(readFileSync(join(absolute, name)))])
}

/** The reader fixtures and the example workspace's sources: the seeds of the mutation corpus. */
export function sourceCorpus(): Array<[string, Uint8Array]> {
  const formats = readdirSync(join(ROOT, 'test/fixtures'), { withFileTypes: true }).filter((e) => e.isDirectory())
  return [...formats.flatMap((e) => filesOf(`test/fixtures/${e.name}`)), ...filesOf('sources').filter(([path]) => !/readme/i.test(path))]
}

/**
 * What a reader must give for any input: claims that point at their own text, non-empty
 * and trimmed, with unique ids, and diagnostics placed at line and column 1 or later.
 */
export function expectSoundSource(source: Source): void {
  const claims = allClaims(source.sections)
  for (const c of claims) {
    if (source.text.slice(c.start, c.end) !== c.text) {
      expect.fail(`claim \`${c.id}\` [${c.start}, ${c.end}) says ${JSON.stringify(c.text.slice(0, 80))} but the text there is ${JSON.stringify(source.text.slice(c.start, c.end).slice(0, 80))}`)
    }
    expect(c.text.length, `claim \`${c.id}\` is empty`).toBeGreaterThan(0)
    expect(c.text.trim(), `claim \`${c.id}\` is not trimmed`).toBe(c.text)
  }
  const ids = claims.map((c) => c.id)
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i)
  expect(duplicate, 'a claim id used twice').toBeUndefined()
  for (const d of source.diagnostics) {
    expect(d.line, `${d.rule} line`).toBeGreaterThanOrEqual(1)
    expect(d.column, `${d.rule} column`).toBeGreaterThanOrEqual(1)
  }
}

/**
 * The time a run may take: `baseMs` plus `msPerKB` for each kilobyte of input. Both are
 * about ten times the worst seen on a developer machine (see test/README.md), so a slow
 * CI runner passes and a quadratic path or a backtracking pattern does not.
 */
export interface Budget {
  baseMs: number
  msPerKB: number
}

export const budgetFor = (budget: Budget, bytes: number): number => budget.baseMs + (budget.msPerKB * bytes) / 1024

/**
 * Per suite, the slowest small input and the slowest rate on large ones, and the run
 * nearest its budget: printed with FUZZ_VERBOSE=1, to set the budgets.
 */
interface Seen {
  smallMs: number
  largeMsPerKB: number
  nearest: { ms: number; bytes: number; ratio: number }
}
const worst = new Map<string, Seen>()
// Inputs below this show the fixed cost (start-up, lazy loading); above it, the cost per KB.
const LARGE = 20 * 1024

/** Runs `work` and fails when it takes longer than its budget for `bytes` of input. */
export function withinBudget<T>(suite: string, budget: Budget, bytes: number, work: () => T): T {
  const started = performance.now()
  const result = work()
  const ms = performance.now() - started
  const allowed = budgetFor(budget, bytes)
  const seen = worst.get(suite) ?? { smallMs: 0, largeMsPerKB: 0, nearest: { ms: 0, bytes: 0, ratio: 0 } }
  if (bytes < LARGE) seen.smallMs = Math.max(seen.smallMs, ms)
  else seen.largeMsPerKB = Math.max(seen.largeMsPerKB, ms / (bytes / 1024))
  if (ms / allowed > seen.nearest.ratio) seen.nearest = { ms, bytes, ratio: ms / allowed }
  worst.set(suite, seen)
  if (ms > allowed) expect.fail(`${suite}: ${ms.toFixed(0)} ms for ${bytes} bytes, over the budget of ${allowed.toFixed(0)} ms (${budget.baseMs} ms + ${budget.msPerKB} ms/KB)`)
  return result
}

/** The worst run of each suite against its budget, for FUZZ_VERBOSE=1. */
export function reportWorst(): string {
  return [...worst]
    .map(
      ([suite, w]) =>
        `${suite}: slowest small input ${w.smallMs.toFixed(0)} ms; slowest large input ${w.largeMsPerKB.toFixed(2)} ms/KB; ` +
        `nearest its budget ${w.nearest.ms.toFixed(0)} ms for ${w.nearest.bytes} bytes (${(w.nearest.ratio * 100).toFixed(1)}%)`,
    )
    .join('\n')
}
