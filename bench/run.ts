// `npm run bench`: reader throughput and memory. Each scenario runs in a child
// process so that its peak memory is measured alone.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { prepareBriefBench } from './briefs.js'
import { GENERATORS, bigText, rng } from './corpus.js'
import type { SourceFormat } from '../src/model/source.js'
import { fileURLToPath } from 'node:url'

interface Result {
  docs: number
  bytes: number
  seconds: number
  claims: number
  peakRss: number
}

// Measure the compiled JavaScript users run, not the TypeScript loader.
const root = fileURLToPath(new URL('../', import.meta.url))
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.bench.json`], { stdio: 'inherit' })
const reader = `${root}.bench-dist/bench/read.js`

const corpus = `${root}bench/corpus/`
mkdirSync(corpus, { recursive: true })

/** Writes the inputs of a scenario once; later runs reuse them. */
function prepare(mode: string, arg: string): void {
  const path = mode === 'big' ? `${corpus}big-${arg}.txt` : `${corpus}${mode}-${arg}.jsonl`
  if (existsSync(path)) return
  if (mode === 'big') return writeFileSync(path, bigText(Number(arg)))
  const generate = GENERATORS[mode as SourceFormat]!
  const r = rng(42)
  writeFileSync(path, Array.from({ length: Number(arg) }, (_, i) => JSON.stringify(generate(r, i))).join('\n'))
}

// A shared machine's timings wander by ±15%: each scenario runs this many times, and the
// median time (with the largest peak RSS) is reported.
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5)

function scenario(...args: string[]): Result {
  prepare(args[0]!, args[1]!)
  const runs: Result[] = []
  for (let i = 0; i < REPEAT; i++) {
    const out = execFileSync(process.execPath, ['--expose-gc', reader, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 })
    runs.push(JSON.parse(out) as Result)
  }
  runs.sort((a, b) => a.seconds - b.seconds)
  const median = runs[Math.floor(runs.length / 2)]!
  return { ...median, peakRss: Math.max(...runs.map((r) => r.peakRss)) }
}

const mb = (n: number): string => (n / 1024 / 1024).toFixed(1)
const rows: string[][] = [['scenario', 'docs', 'input MB', 'seconds', 'docs/s', 'MB/s', 'claims', 'peak RSS MB']]
const add = (name: string, r: Result): void => {
  rows.push([name, String(r.docs), mb(r.bytes), r.seconds.toFixed(3), (r.docs / r.seconds).toFixed(0), (r.bytes / 1024 / 1024 / r.seconds).toFixed(1), String(r.claims), mb(r.peakRss)])
}

// A fixed pure-JavaScript workload, timed the same way: this machine's speed drifts by a
// third over an hour, and figures from two runs compare only relative to it.
function reference(): number {
  const script = 'const s="policy brief ".repeat(4e6);let t=process.hrtime.bigint(),h=0;for(let r=0;r<3;r++)for(let i=0;i<s.length;i++)h=Math.imul(h^s.charCodeAt(i),16777619);console.log(Number(process.hrtime.bigint()-t)/1e6,h)'
  const times: number[] = []
  for (let i = 0; i < REPEAT; i++) times.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).split(' ')[0]))
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
}
const referenceMs = reference()

// BENCH_ONLY=readers|library|briefs (comma-separated) runs a part of the benchmark.
const only = process.env.BENCH_ONLY?.split(',')
const want = (part: string): boolean => !only || only.includes(part)

if (want('readers')) {
const formats = ['outline-text', 'news-text', 'wordpress-json', 'html', 'markdown']
// 2,000 documents across the formats.
for (const format of formats) add(`${format} ×400`, scenario(format, '400'))
const one = scenario('big', String(1 << 20))
const twenty = scenario('big', String(20 << 20))
add('news-text 1 MB', one)
add('news-text 20 MB', twenty)

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
console.log()
const ratio = twenty.seconds / one.seconds
console.log(`20 MB / 1 MB time ratio: ${ratio.toFixed(1)}× (target ≤ 25×)`)
const memoryBudget = 5 * twenty.bytes + 100 * 1024 * 1024
console.log(`20 MB peak RSS: ${mb(twenty.peakRss)} MB (target ≤ ${mb(memoryBudget)} MB = 5× input + 100 MB)`)
console.log(`machine reference: ${referenceMs.toFixed(0)} ms for a fixed hashing loop (lower is a faster machine; compare runs by it)`)
console.log(`plain-text throughput: ${(twenty.bytes / 1024 / 1024 / twenty.seconds).toFixed(1)} MB/s on the 20 MB text (target ≥ 20 MB/s)`)
}
else console.log(`machine reference: ${referenceMs.toFixed(0)} ms for a fixed hashing loop (lower is a faster machine; compare runs by it)`)

if (want('library')) {
// The claim library (issue 3): a generated workspace of 20,000 sources.
const LIBRARY_SOURCES = Number(process.env.BENCH_LIBRARY_SOURCES ?? 20_000)
const workspace = `${corpus}library-${LIBRARY_SOURCES}/`
if (!existsSync(`${workspace}queries.json`)) {
  const r = rng(7)
  const kinds: Array<[string, SourceFormat, string]> = [['news', 'news-text', 'txt'], ['briefs', 'outline-text', 'txt'], ['posts', 'wordpress-json', 'json']]
  for (const [folder] of kinds) mkdirSync(`${workspace}sources/${folder}`, { recursive: true })
  for (let i = 0; i < LIBRARY_SOURCES; i++) {
    const [folder, format, ext] = kinds[i % kinds.length]!
    const prefix = folder.charAt(0)
    writeFileSync(`${workspace}sources/${folder}/${prefix}${String(i).padStart(5, '0')}.${ext}`, GENERATORS[format]!(r, i))
  }
  const words = ['policy', 'policies', 'drills', 'semiconductor', 'subsidies', 'minerals', 'forced labor', '"joint drills in the East Sea"', 'coast guard', 'visa researchers', '공급망', '반도체', '수출 통제', '협력', 'Seoul 반도체', 'energy security', 'opposition', 'dialogue', 'Tokyo review', 'agreement']
  writeFileSync(`${workspace}queries.json`, JSON.stringify(Array.from({ length: 200 }, (_, i) => words[i % words.length])))
}
const libraryScript = `${root}.bench-dist/bench/library.js`
const step = (name: string): Record<string, number> => JSON.parse(execFileSync(process.execPath, [libraryScript, name, workspace], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Record<string, number>
const indexed = step('index')
const updated = step('update')
const searched = step('search')
console.log()
console.log(`library: ${indexed.sources} sources, ${indexed.claims} claims`)
console.log(`  full index      ${(indexed.ms! / 1000).toFixed(1)} s = ${Math.round(indexed.claims! / (indexed.ms! / 1000))} claims/s (target ≥ 50,000), peak RSS ${mb(indexed.peakRss!)} MB (target ≤ 500), database ${mb(indexed.dbBytes!)} MB`)
console.log(`  one-file update ${updated.ms!.toFixed(0)} ms (target < 1,000), peak RSS ${mb(updated.peakRss!)} MB`)
console.log(`  search          p50 ${searched.p50!.toFixed(1)} ms, p95 ${searched.p95!.toFixed(1)} ms (target ≤ 50), max ${searched.max!.toFixed(1)} ms over ${searched.queries} queries (${searched.capped} too broad to rank), peak RSS ${mb(searched.peakRss!)} MB`)
console.log(`  search --all    p50 ${searched.allP50!.toFixed(1)} ms, p95 ${searched.allP95!.toFixed(1)} ms, max ${searched.allMax!.toFixed(1)} ms (every match ranked)`)

}

// Building briefs (issue 4): whole processes, side by side with pandoc 2.17 (`--citeproc`, the
// same CSL style, to GFM) on the same briefs, when Debian's pandoc is installed.
if (want('briefs')) {
const briefDir = prepareBriefBench(corpus)
const brief = `${root}bin/brief.js`
const style = `${root}styles/chicago-note.csl`
type Timed = { seconds: number; peakRss: number }

/** One run of a command: wall time and peak RSS (`/usr/bin/time`). */
function runOnce(command: string, args: string[], before?: () => void): Timed {
  before?.()
  const started = process.hrtime.bigint()
  const run = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd: briefDir, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (run.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed:\n${run.stderr}`)
  return { seconds, peakRss: Number(run.stderr.trim().split('\n').pop()) * 1024 }
}

const summary = (runs: Timed[]): Timed => {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds)
  return { seconds: sorted[Math.floor(sorted.length / 2)]!.seconds, peakRss: Math.max(...runs.map((r) => r.peakRss)) }
}

/** Median wall time and largest peak RSS of a command over REPEAT runs (after one warm-up). */
function timed(command: string, args: string[], before?: () => void): Timed {
  runOnce(command, args, before)
  return summary(Array.from({ length: REPEAT }, () => runOnce(command, args, before)))
}

/**
 * Two commands timed side by side: one warm-up each, then REPEAT runs taken in turn, so that
 * the machine's speed, which drifts within minutes, weighs on both alike.
 */
function timedInTurn(a: [string, string[]], b: [string, string[]]): [Timed, Timed] {
  runOnce(...a)
  runOnce(...b)
  const runs: [Timed[], Timed[]] = [[], []]
  for (let i = 0; i < REPEAT; i++) {
    runs[0].push(runOnce(...a))
    runs[1].push(runOnce(...b))
  }
  return [summary(runs[0]), summary(runs[1])]
}
const hasPandoc = (() => {
  try {
    return execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).split('\n')[0]!
  } catch {
    return null
  }
})()
console.log()
console.log(`briefs: 10 pages = 60 uses of 25 sources, 100 pages = 600 uses of 250 sources (a fifth of them Korean); to Markdown, whole process`)
for (const pages of ['10', '100']) {
  const args = [brief, 'build', `briefs/brief-${pages}.md`, '--to', 'md', '--out', 'out']
  // Cold: no rendered citations kept from an earlier build; warm: the brief built before,
  // as when an analyst rebuilds after editing prose.
  const cold = timed(process.execPath, args, () => rmSync(`${briefDir}/.brief/citations`, { recursive: true, force: true }))
  const warm = timed(process.execPath, args)
  let line = `  ${pages.padStart(3)} pages  briefkit ${cold.seconds.toFixed(2)} s cold, ${warm.seconds.toFixed(2)} s warm (peak RSS ${mb(Math.max(cold.peakRss, warm.peakRss))} MB)`
  if (hasPandoc) {
    const theirs = timed('pandoc', [`briefs/brief-${pages}.pandoc.md`, '--citeproc', '--csl', style, '-t', 'gfm', '-o', `out/brief-${pages}.pandoc.md`])
    line += `, ${hasPandoc} ${theirs.seconds.toFixed(2)} s (peak RSS ${mb(theirs.peakRss)} MB); target: no slower than pandoc`
  } else line += '; pandoc is not installed (apt-get install pandoc) to compare with'
  console.log(line)
}
console.log(`briefs to Markdown and PDF (issue 5), whole process, side by side with pandoc --citeproc --pdf-engine=wkhtmltopdf`)
const hasWkhtmltopdf = spawnSync('wkhtmltopdf', ['--version'], { encoding: 'utf8' }).status === 0
for (const pages of ['10', '100']) {
  const ourCommand: [string, string[]] = [process.execPath, [brief, 'build', `briefs/brief-${pages}.md`, '--to', 'md,pdf', '--out', 'out']]
  if (hasPandoc && hasWkhtmltopdf) {
    process.env.QT_QPA_PLATFORM = 'offscreen'
    const [ours, theirs] = timedInTurn(ourCommand, ['pandoc', [`briefs/brief-${pages}.pandoc.md`, '--citeproc', '--csl', style, '--pdf-engine=wkhtmltopdf', '-o', `out/brief-${pages}.pandoc.pdf`]])
    console.log(`  ${pages.padStart(3)} pages  briefkit md+pdf ${ours.seconds.toFixed(2)} s (peak RSS ${mb(ours.peakRss)} MB, target ≤ 250), pandoc + wkhtmltopdf ${theirs.seconds.toFixed(2)} s (peak RSS ${mb(theirs.peakRss)} MB), runs in turn; target: no slower`)
  } else {
    const ours = timed(...ourCommand)
    console.log(`  ${pages.padStart(3)} pages  briefkit md+pdf ${ours.seconds.toFixed(2)} s (peak RSS ${mb(ours.peakRss)} MB, target ≤ 250); pandoc or wkhtmltopdf is not installed (apt-get install pandoc wkhtmltopdf) to compare with`)
  }
}
}
