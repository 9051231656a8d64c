import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// Nothing from src/ is imported before `builtPatterns` wraps the RegExp constructor.
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/*
 * Catastrophic backtracking: every regular expression in the code that reads content
 * (src/readers, src/outline, src/brief) runs against long adversarial strings within a
 * time bound. Literals are found in the source files with the TypeScript parser; patterns
 * built with `new RegExp(…)` are caught as the modules build them (the constructor is
 * wrapped while they load and while they read every fixture once).
 */
const FOLDERS = ['src/readers', 'src/outline', 'src/brief']
const LENGTH = 50_000
// A linear pattern takes well under 10 ms on 50,000 characters; a quadratic one takes
// seconds. The bound leaves a slow CI machine room, not a quadratic pattern.
const BOUND_MS = 250

/**
 * Patterns quadratic on long input that only ever see short text: the length their caller
 * cuts the input to, and where. They are tried at that length.
 */
const BOUNDED_BY_CALLER: ReadonlyMap<string, { length: number; why: string }> = new Map([
  ['(?:\\s*<\\/[a-zA-Z][a-zA-Z0-9]*\\s*>)+\\s*$', { length: 400, why: 'wordpress-json.ts: run on the last 400 characters of a paragraph' }],
])

/**
 * Attack strings that the static checker recheck (npm `recheck`, run once by hand over
 * every pattern here; at 57 MB with a native binary, too heavy to keep) made, beyond the
 * shapes below; tried on every pattern. The first took an older date pattern of
 * pdf-layout.ts minutes (exponential); the others are linear only thanks to `{0,200}`.
 */
const RECHECK_ATTACKS: readonly string[] = [
  `.${'jun'.repeat(36)}\t..janav${'s\t\tjanmgn'.repeat(27)}\u0000`,
  `${'<METAE'.repeat(10_000)}>`,
  `<TITTE<${'<TITLE'.repeat(10_000)}<<LET`,
  `${'By '.repeat(20_000)}\u0000`,
]

interface Found {
  where: string
  regex: RegExp
}

function sourceFiles(): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts')) out.push(path)
    }
  }
  for (const folder of FOLDERS) walk(folder)
  return out.sort()
}

/** Every regular expression literal of a TypeScript file, with its line. */
function literalsOf(path: string): Found[] {
  const text = readFileSync(join(ROOT, path), 'utf8')
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2023, true)
  const found: Found[] = []
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(file)
      const slash = literal.lastIndexOf('/')
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1
      found.push({ where: `${path}:${line}`, regex: new RegExp(literal.slice(1, slash), literal.slice(slash + 1)) })
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

/** Patterns built at run time by `new RegExp` in those folders, caught as they are built. */
async function builtPatterns(): Promise<Found[]> {
  const found: Found[] = []
  const Original = RegExp
  const inFolders = new Original(`/(${FOLDERS.join('|')})/[^:]+\\.ts:\\d+`)
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args: [string | RegExp, string?], newTarget) {
      const made = Reflect.construct(target, args, newTarget) as RegExp
      const caller = new Error().stack?.split('\n').slice(2, 6).join('\n') ?? ''
      const where = inFolders.exec(caller)
      if (where) found.push({ where: where[0].slice(1), regex: made })
      return made
    },
  })
  try {
    // Fresh copies of the modules (this file imports none of them statically), then every
    // fixture read once, so patterns built inside functions are built too.
    const { readSource } = await import('../../src/readers/index.js')
    const { parseBrief } = await import('../../src/brief/parse.js')
    for (const dir of readdirSync(join(ROOT, 'test/fixtures'))) {
      for (const name of readdirSync(join(ROOT, 'test/fixtures', dir))) readSource(readFileSync(join(ROOT, 'test/fixtures', dir, name)), { file: name })
    }
    parseBrief(readFileSync(join(ROOT, 'briefs/example.md'), 'utf8'), 'briefs/example.md')
  } finally {
    globalThis.RegExp = Original
  }
  // One of each pattern: a function may build the same one for every call.
  const seen = new Set<string>()
  return found.filter((f) => !seen.has(`${f.regex.source}/${f.regex.flags}`) && seen.add(`${f.regex.source}/${f.regex.flags}`))
}

// Characters any pattern may repeat: spaces of every kind, letters of three scripts,
// digits, punctuation and the markers the readers know.
const COMMON = [' ', '\t', '\n', '\r', '\u00a0', '\u3000', 'a', 'A', 'z', '1', '가', '中', 'ア', '.', ',', ':', ';', '-', '–', '(', ')', '[', ']', '{', '}', '<', '>', '"', "'", '“', '/', '\\', '@', '#', '*', '_', '&', '=', '|', '■', '❍', '①', '。']

/** A pattern's source without escapes such as `\\s` or `\\p{L}`: what it names literally. */
const literalPart = (regex: RegExp): string => regex.source.replace(/\\[pPu]\{[^}]*\}|\\[a-zA-Z]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}/g, ' ')

/** The characters a pattern names literally, and the common ones. */
function alphabetOf(regex: RegExp): string[] {
  const literal = [...literalPart(regex)].filter((c) => !'^$()[]{}?*+|\\'.includes(c))
  return [...new Set([...COMMON, ...literal])]
}

/** Words a pattern names (`By`, `<meta`, `charset`): repeated, they make a prefix match again and again. */
function wordsOf(regex: RegExp): string[] {
  return [...new Set(literalPart(regex).match(/[^\s^$()[\]{}?*+|\\]{2,12}/gu) ?? [])].slice(0, 20)
}

type Shape = (length: number) => string

/**
 * Strings that make a backtracking pattern slow, as functions of their length: a long run
 * of one character, the same run ending in a character that makes the match fail at the
 * last moment, a run between letters (the `\s+$` trap), runs of two characters, and the
 * pattern's own words over and over.
 */
function adversarialShapes(regex: RegExp): Shape[] {
  const alphabet = alphabetOf(regex)
  const out: Shape[] = []
  for (const c of alphabet) out.push((n) => c.repeat(n), (n) => `${c.repeat(n)}\u0000`, (n) => `a${c.repeat(n)}a`)
  for (let i = 0; i + 1 < alphabet.length; i++) {
    const [c, d] = [alphabet[i]!, alphabet[i + 1]!]
    out.push((n) => `${c}${d}`.repeat(n / 2), (n) => `a${c}`.repeat(n / 2))
  }
  for (const word of wordsOf(regex)) {
    out.push((n) => word.repeat(Math.ceil(n / word.length)), (n) => `${word} `.repeat(Math.ceil(n / (word.length + 1))))
  }
  for (const attack of RECHECK_ATTACKS) out.push((n) => attack.repeat(Math.ceil(n / attack.length)).slice(0, n))
  return out
}

/** Milliseconds for one search from the start and, for a global pattern, every match. */
function timeOn(regex: RegExp, input: string): number {
  const once = new RegExp(regex.source, regex.flags.replace(/[gy]/g, ''))
  const started = performance.now()
  once.exec(input)
  if (regex.global) for (const _ of input.matchAll(new RegExp(regex.source, regex.flags.replace('y', '')))) void _
  return performance.now() - started
}

// Every shape is tried at this length first (a quadratic pattern is already 100 times
// slower than a linear one there); the slowest few are then run at `length`.
const SCREEN_LENGTH = 5_000

/** The slowest adversarial input for a pattern, at `length` characters. */
function slowest(regex: RegExp, length: number): { ms: number; input: string } {
  const screened = adversarialShapes(regex)
    .map((shape) => ({ shape, ms: timeOn(regex, shape(Math.min(length, SCREEN_LENGTH))) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
  let worst = { ms: 0, input: '' }
  for (const { shape } of screened) {
    const input = shape(length)
    const ms = timeOn(regex, input)
    if (ms > worst.ms) worst = { ms, input }
  }
  return worst
}

const describeInput = (input: string): string => {
  const head = input.slice(0, 4)
  return `${JSON.stringify(head)}… (${input.length} characters)`
}

describe('every regular expression that reads content', async () => {
  const literals = sourceFiles().flatMap(literalsOf)
  const built = await builtPatterns()

  it('are found: literals in every folder, and the patterns built at run time', () => {
    for (const folder of FOLDERS) expect(literals.filter((f) => f.where.startsWith(folder)).length, folder).toBeGreaterThan(10)
    expect(built.map((f) => f.where)).toEqual(expect.arrayContaining([expect.stringMatching(/^src\/readers\/news-text\.ts:/), expect.stringMatching(/^src\/outline\/dates\.ts:/)]))
  })

  const all = [...literals, ...built].map((f) => [`${f.where} /${f.regex.source.slice(0, 60)}/${f.regex.flags}`, f] as const)

  it('the check catches a quadratic pattern: the trailing-run pattern news-text.ts had', () => {
    expect(timeOn(/[\s|>»›·•:]+$/u, `a${'•'.repeat(20_000)}a`)).toBeGreaterThan(BOUND_MS)
    expect(timeOn(/(?<![\s|>»›·•:])[\s|>»›·•:]+$/u, `a${'•'.repeat(LENGTH)}a`)).toBeLessThan(BOUND_MS)
  })

  it.each(all)('%s runs in linear time on 50,000-character adversarial strings', (_, { regex }) => {
    const bounded = BOUNDED_BY_CALLER.get(regex.source)
    const { ms, input } = slowest(regex, bounded?.length ?? LENGTH)
    expect(ms, `slowest on ${describeInput(input)}${bounded ? ` (${bounded.why})` : ''}`).toBeLessThan(BOUND_MS)
  })

})

describe('the command bounds backtracking for patterns this check might miss', () => {
  // `brief` turns on V8's fallback to its linear-time engine (src/cli/regex-guard.ts), in a
  // child process here so that this process's V8 keeps its defaults for the checks above.
  it('an exponential pattern finishes at once after the command started, and hangs without it', async () => {
    const { execFileSync } = await import('node:child_process')
    const guard = new URL('../../src/cli/regex-guard.ts', import.meta.url).href
    const script = (guarded: boolean): string =>
      `${guarded ? `const { boundRegexBacktracking } = await import(${JSON.stringify(guard)}); boundRegexBacktracking();` : ''}` +
      `const started = performance.now(); const matched = /^(a+)+$/.test('a'.repeat(25) + 'b'); console.log(JSON.stringify({ matched, ms: performance.now() - started }))`
    const run = (guarded: boolean): { matched: boolean; ms: number } =>
      JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(guarded)], { cwd: ROOT, encoding: 'utf8' })) as { matched: boolean; ms: number }
    const guarded = run(true)
    expect(guarded.matched).toBe(false)
    expect(guarded.ms).toBeLessThan(100)
    // 2^25 backtracking steps without the fallback: a second or more.
    expect(run(false).ms).toBeGreaterThan(10 * guarded.ms)
  })
})
