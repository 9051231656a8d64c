// The library benchmark, one step of it per process: `node .bench-dist/bench/library.js STEP DIR`.
// STEP is `index` (from scratch), `update` (one file edited) or `search` (200 queries).
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Library, RANK_CAP } from '../src/library/library.js'

const [step, dir] = process.argv.slice(2) as [string, string]
const time = (): number => Number(process.hrtime.bigint()) / 1e6
const out: Record<string, number> = {}

if (step === 'index') {
  rmSync(join(dir, '.brief'), { recursive: true, force: true })
  const started = time()
  const library = Library.open(dir)
  const report = await library.syncAsync()
  out.ms = time() - started
  out.sources = report.added.length
  out.claims = library.sources().reduce((n, s) => n + s.claimCount, 0)
  library.close()
  out.dbBytes = statSync(join(dir, '.brief', 'library.db')).size
} else if (step === 'update') {
  const file = join(dir, 'sources', 'news', 'n00042.txt')
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nOne more paragraph was added to this article. It says something new about ports.\n`)
  const later = Date.now() / 1000 + 10
  utimesSync(file, later, later)
  const started = time()
  const library = Library.open(dir)
  const report = library.sync()
  out.ms = time() - started
  out.updated = report.updated.length
  library.close()
} else if (step === 'search') {
  const queries = JSON.parse(readFileSync(join(dir, 'queries.json'), 'utf8')) as string[]
  const library = Library.open(dir)
  library.sync()
  // Each query twice: as `brief claims search` runs it (a query matching more than
  // RANK_CAP claims lists the newest matches unranked), and with every match ranked (--all).
  const percentiles = (rankCap: number): { p50: number; p95: number; max: number; capped: number; hits: number } => {
    const latencies: number[] = []
    let capped = 0
    let hits = 0
    for (const q of queries) {
      const started = time()
      const result = library.find(q, { limit: 20, rankCap })
      latencies.push(time() - started)
      if (result.capped) capped++
      hits += result.hits.length
    }
    latencies.sort((a, b) => a - b)
    return { p50: latencies[Math.floor(latencies.length * 0.5)]!, p95: latencies[Math.floor(latencies.length * 0.95)]!, max: latencies[latencies.length - 1]!, capped, hits }
  }
  const usual = percentiles(RANK_CAP)
  const all = percentiles(Number.POSITIVE_INFINITY)
  library.close()
  Object.assign(out, usual, { allP50: all.p50, allP95: all.p95, allMax: all.max })
  out.queries = queries.length
}
out.peakRss = process.resourceUsage().maxRSS * 1024
process.stdout.write(JSON.stringify(out))
